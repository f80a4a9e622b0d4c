package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * One customer session in the waiting room.
 *
 * @param saleId the sale whose waiting room the customer joined
 * @param number the join number the gateway gave: the customer's place in the sale's join order
 * @param reserved whether the tickets service reported a hold for this admitted customer
 * @param finishedReason why the customer left the queue or stopped shopping
 */
public record QueueEntry(
        String saleId,
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
