package io.concertsale.events.data;

import java.time.Instant;

/**
 * The customer left: the button, a closed page or an expired session.
 *
 * @param reason {@code LEFT}, {@code PAGE_CLOSED} or {@code SESSION_EXPIRED}
 * @param saleId the sale whose waiting room the customer had joined; null when the customer never joined
 * @param number the customer's join number ({@link QueueCustomerJoined#number()}); null when the customer never
 *        joined. A leave that overtakes its join takes that place in the join order, so the waiting room does not
 *        wait for the join before admitting those behind it
 */
public record QueueCustomerAbandoned(String sessionId, String reason, Instant abandonedAt, String saleId,
        Long number) {

    /** A leave without a join number: the customer never joined, or the producer predates numbered joins. */
    public QueueCustomerAbandoned(String sessionId, String reason, Instant abandonedAt) {
        this(sessionId, reason, abandonedAt, null, null);
    }
}
