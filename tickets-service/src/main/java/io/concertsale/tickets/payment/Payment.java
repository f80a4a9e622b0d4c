package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment created at the provider for a reservation.
 *
 * @param id the provider's payment id
 * @param transferId the provider's transfer id of a money transfer (its events name the transfer by it)
 * @param requestEventId the {@code Tickets.PaymentRequested} event that asked for it: the idempotency key
 * @param statusReason why it was declined or cancelled
 * @param acknowledgedAt when the provider said it took the payment ({@code Payments.RequestReceived})
 * @param polledAt when the service last asked the provider about it
 */
public record Payment(
        String id,
        String reservationId,
        String sessionId,
        PaymentMethod method,
        BigDecimal amount,
        String currency,
        PaymentStatus status,
        String transferId,
        String requestEventId,
        String statusReason,
        Instant createdAt,
        Instant acknowledgedAt,
        Instant polledAt) {
}
