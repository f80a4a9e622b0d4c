package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * One customer session in the waiting room.
 *
 * @param number the join number: first come, first served
 * @param reserved whether the tickets service reported a hold for this admitted customer
 * @param finishedReason why the customer left the queue or stopped shopping
 */
public record QueueEntry(
        long number,
        String sessionId,
        EntryState state,
        Instant joinedAt,
        Instant admittedAt,
        String admissionToken,
        Instant tokenExpiresAt,
        boolean reserved,
        Instant finishedAt,
        String finishedReason) {
}
