package io.concertsale.tickets.payment;

/** Where a payment stands, as the provider reports it: {@code PENDING} until one of the final outcomes. */
public enum PaymentStatus {
    PENDING, AUTHORIZED, DECLINED, CANCELLED
}
