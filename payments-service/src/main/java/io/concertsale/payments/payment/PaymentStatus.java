package io.concertsale.payments.payment;

/**
 * Where a payment stands. {@code PENDING} moves once, to {@code AUTHORIZED} or {@code DECLINED} (cards) or to
 * {@code AUTHORIZED} (a transfer arrived); the merchant may cancel a pending or authorized payment.
 */
public enum PaymentStatus {
    PENDING, AUTHORIZED, DECLINED, CANCELLED
}
