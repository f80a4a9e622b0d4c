package io.concertsale.payments.payment;

public class PaymentNotFoundException extends RuntimeException {

    public PaymentNotFoundException(String id) {
        super("No payment " + id);
    }
}
