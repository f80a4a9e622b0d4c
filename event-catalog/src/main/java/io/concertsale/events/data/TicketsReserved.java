package io.concertsale.events.data;

import java.math.BigDecimal;
import java.time.Instant;

/** Tickets are held for the customer until {@code expiresAt}. */
public record TicketsReserved(
        String sessionId,
        String reservationId,
        String ticketType,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal amount,
        String currency,
        Instant expiresAt) {
}
