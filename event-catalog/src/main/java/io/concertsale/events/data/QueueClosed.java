package io.concertsale.events.data;

import java.time.Instant;

/**
 * The waiting room closed for good: every ticket is sold and no hold is left that could come back.
 *
 * @param saleId the sale that closed: a consumer ignores the close of a sale that a newer one replaced (a close can
 *        arrive after the next sale opened)
 * @param reason {@code SOLD_OUT}
 * @param turnedAway how many waiting customers were sent away
 */
public record QueueClosed(String saleId, String reason, long turnedAway, Instant closedAt) {
}
