package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.outbox.Facts;

/**
 * What the waiting room tells the rest of the sale, each fact an event's data record ({@code QueueCustomerQueued},
 * {@code QueueCustomerExited}, {@code QueueProgressed}, {@code QueueClosed}): the event catalog says which type each
 * is, and a customer's fact is correlated by its session. Stated inside the transaction of the change it reports, so
 * the event and the change commit together, or neither.
 */
@FunctionalInterface
public interface WaitingRoomFacts extends Facts {
}
