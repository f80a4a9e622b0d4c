package io.concertsale.events.data;

/**
 * The waiting room took the customer in.
 *
 * @param number the customer's place in the sale's join order, as the gateway numbered the join
 *        ({@link QueueCustomerJoined#number()})
 * @param position how many customers are ahead, plus one
 * @param admittedBefore how many customers had been admitted when this one was queued,
 *        so that a reader can follow the position from {@link QueueProgressed#admittedTotal()}
 * @param etaSeconds estimated wait at the current admission rate
 */
public record QueueCustomerQueued(String sessionId, long number, long position, long admittedBefore, long etaSeconds) {
}
