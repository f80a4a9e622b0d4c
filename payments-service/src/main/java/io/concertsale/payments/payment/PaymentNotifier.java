package io.concertsale.payments.payment;

/**
 * Tells the merchant what happened to a payment. Called inside the transaction that made the change, so the
 * news and the change commit together or not at all.
 */
public interface PaymentNotifier {

    void received(Payment payment);

    void authorized(Payment payment);

    void declined(Payment payment);

    void transferAccepted(Payment payment);
}
