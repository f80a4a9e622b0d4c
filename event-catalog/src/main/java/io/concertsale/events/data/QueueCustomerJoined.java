package io.concertsale.events.data;

import java.time.Instant;

/**
 * A customer joined the waiting room of a sale.
 *
 * <p>The gateway numbers the joins of each sale in the transaction that takes the join: 1 for the first, no gaps and
 * no duplicates, and a join acknowledged before another join was sent always has the lower number. The waiting room
 * admits by that number, not by the order in which the events reach it.
 *
 * @param joinedAt when the gateway took the join
 * @param saleId the sale whose waiting room the customer joined; null only from producers that predate numbered joins
 * @param number the customer's place in the sale's join order; null only from producers that predate numbered joins
 */
public record QueueCustomerJoined(String sessionId, Instant joinedAt, String saleId, Long number) {

    /** A join without a sale and a number, as producers wrote it before the gateway numbered the joins. */
    public QueueCustomerJoined(String sessionId, Instant joinedAt) {
        this(sessionId, joinedAt, null, null);
    }
}
