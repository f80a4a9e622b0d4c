package io.concertsale.events.data;

import java.time.Instant;

/**
 * The customer left: the button, a closed page or an expired session.
 *
 * @param reason {@code LEFT}, {@code PAGE_CLOSED} or {@code SESSION_EXPIRED}
 */
public record QueueCustomerAbandoned(String sessionId, String reason, Instant abandonedAt) {
}
