package io.concertsale.tickets.payment;

import java.util.Optional;

/** The third-party payment provider. */
public interface PaymentProvider {

    /**
     * Creates a payment. Asking again with the same idempotency key answers the same payment.
     *
     * @throws PaymentRefusedException when the provider refuses it (an unknown card token, say): asking again fails too
     * @throws PaymentProviderUnavailableException when the provider could not be asked: asking again may work
     */
    ProviderPayment create(PaymentOrder order, String idempotencyKey);

    /**
     * The payment as the provider has it now; empty when the provider does not know it.
     *
     * @throws PaymentProviderUnavailableException when the provider could not be asked
     */
    Optional<ProviderPayment> find(String paymentId);

    /**
     * Cancels the payment, so no money is taken (or the authorization is released).
     *
     * @throws PaymentRefusedException when the provider refuses (it does not know the payment, say)
     * @throws PaymentProviderUnavailableException when the provider could not be asked
     */
    void cancel(String paymentId);
}
