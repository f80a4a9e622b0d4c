package io.concertsale.payments.payment;

/** The payment is in a state that does not allow what was asked; nothing changed. */
public class PaymentConflictException extends RuntimeException {

    public PaymentConflictException(String message) {
        super(message);
    }
}
