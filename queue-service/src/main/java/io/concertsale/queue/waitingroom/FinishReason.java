package io.concertsale.queue.waitingroom;

/** Why an admitted customer stopped being an active shopper, or why a customer left the queue. */
public enum FinishReason {

    /** {@code Tickets.Issued}: the purchase is final. */
    TICKETS_ISSUED,
    /** {@code Queue.CustomerAbandoned} after admission. */
    ABANDONED,
    /** {@code Session.CleanUp}: the process released everything the customer held. */
    CLEANED_UP,
    /** A {@code Tickets.ReservationRejected} the customer may not retry. */
    RESERVATION_REJECTED,
    /** {@code Tickets.ReservationExpired}: the hold ran out. */
    RESERVATION_EXPIRED,
    /** The admission token expired and the customer held no reservation. */
    TOKEN_EXPIRED,
    /** The queue closed: every ticket is sold. */
    SOLD_OUT
}
