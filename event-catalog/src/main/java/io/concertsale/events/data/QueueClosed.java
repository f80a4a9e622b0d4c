package io.concertsale.events.data;

import java.time.Instant;

/**
 * The waiting room closed for good: every ticket is sold and no hold is left that could come back.
 *
 * @param reason {@code SOLD_OUT}
 * @param turnedAway how many waiting customers were sent away
 */
public record QueueClosed(String reason, long turnedAway, Instant closedAt) {
}
