package io.concertsale.payments.payment;

/**
 * The answer to a payment request.
 *
 * @param replayed true when the Idempotency-Key was seen before and this is the payment it created then
 */
public record CreatedPayment(Payment payment, boolean replayed) {
}
