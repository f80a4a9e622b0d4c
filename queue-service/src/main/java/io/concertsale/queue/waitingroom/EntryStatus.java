package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * A customer's place in the waiting room, for operators.
 *
 * @param saleId the sale the customer joined
 * @param number the join number the gateway gave: the customer's place in the sale's join order
 * @param position customers ahead plus one, while waiting in the current sale (null otherwise)
 * @param etaSeconds estimated wait while waiting, -1 when unknown (paused, no rate, nothing available, no sale yet)
 */
public record EntryStatus(
        String sessionId,
        String saleId,
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
