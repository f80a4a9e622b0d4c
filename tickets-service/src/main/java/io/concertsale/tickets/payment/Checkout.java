package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's checkout, recorded in the transaction of its {@code Tickets.PaymentRequested} before the payment
 * exists at the provider; {@link ProviderCalls} creates the payment afterwards, outside any transaction. While a
 * checkout is {@link CheckoutStatus#CREATING}, its reservation is {@code PAYMENT_PENDING} and no other payment of the
 * reservation can start.
 *
 * @param id the {@code Tickets.PaymentRequested} event id: the idempotency key at the provider
 * @param cardToken the provider's token of the card; null for a money transfer, and once the provider answered
 * @param description what is paid for, for example {@code 2 x Standing}
 * @param paymentId the provider's payment id, once the provider answered with one
 * @param attempts how often the provider was (or is being) asked
 * @param nextAttemptAt when the provider may be asked (again)
 * @param lastError why the provider could not be asked the last time it could not
 * @param acknowledgedAt when the provider said it took the payment, if it said so before the creation was recorded
 * @param outcomeReportedAt when the provider reported an outcome of the payment before its creation was recorded
 */
public record Checkout(
        String id,
        String reservationId,
        String sessionId,
        PaymentMethod method,
        String cardToken,
        BigDecimal amount,
        String currency,
        String description,
        CheckoutStatus status,
        String paymentId,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant acknowledgedAt,
        Instant outcomeReportedAt,
        Instant createdAt) {

    /** What the provider is asked to collect: the reservation is the reference, the session the correlation key. */
    public PaymentOrder order() {
        return new PaymentOrder(method, cardToken, amount, currency, reservationId, sessionId, description);
    }
}
