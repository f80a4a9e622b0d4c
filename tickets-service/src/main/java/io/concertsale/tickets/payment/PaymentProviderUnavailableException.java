package io.concertsale.tickets.payment;

/**
 * The provider could not be asked (no connection, a timeout, a 5xx answer). Thrown from an event handler it rolls
 * the event back so the broker delivers it again; the idempotency key makes the repeated request safe.
 */
public class PaymentProviderUnavailableException extends RuntimeException {

    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
