package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;

/**
 * The customer checked out.
 *
 * @param requestId the id of the {@code Tickets.PaymentRequested} event: the idempotency key at the provider
 * @param cardToken the provider's token of the card; null for a money transfer
 */
public record PaymentRequest(
        String requestId, String sessionId, String reservationId, PaymentMethod method, String cardToken) {
}
