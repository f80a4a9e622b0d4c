package io.concertsale.tickets.payment;

/**
 * The provider could not be asked (no connection, a timeout, a 5xx, 408 or 429 answer): asking again may work.
 * {@link ProviderCalls} asks again after a backoff; the idempotency key makes a repeated creation safe.
 */
public class PaymentProviderUnavailableException extends RuntimeException {

    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
