package io.concertsale.events.data;

import java.time.Instant;

/** The payment was declined; the customer may try again until the hold expires. */
public record TicketsPaymentDeclined(
        String sessionId, String reservationId, String paymentId, String reason, Instant holdExpiresAt) {
}
