package io.concertsale.events.data;

import java.time.Instant;

/**
 * The customer's turn came: they left the waiting room and may buy until the token expires.
 *
 * @param admissionToken a signed token that {@code Tickets.Requested} must carry
 */
public record QueueCustomerExited(
        String sessionId, long number, String admissionToken, Instant tokenExpiresAt, Instant admittedAt) {
}
