package io.concertsale.payments.payment;

/** The Idempotency-Key already created a payment from a different request; nothing changed. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("The Idempotency-Key '" + key + "' was already used with a different request");
    }
}
