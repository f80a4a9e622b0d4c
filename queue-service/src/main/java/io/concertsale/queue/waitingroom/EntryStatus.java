package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * A customer's place in the waiting room, for operators.
 *
 * @param position customers ahead plus one, while waiting (null otherwise)
 * @param etaSeconds estimated wait while waiting, -1 when unknown (paused, no rate, nothing available, no sale yet)
 */
public record EntryStatus(
        String sessionId,
        long number,
        EntryState state,
        Long position,
        Long etaSeconds,
        Instant joinedAt,
        Instant admittedAt,
        Instant tokenExpiresAt,
        boolean reserved,
        Instant finishedAt,
        String finishedReason) {
}
