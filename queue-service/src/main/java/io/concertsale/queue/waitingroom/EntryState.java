package io.concertsale.queue.waitingroom;

/** Where a customer is in the waiting room. */
public enum EntryState {

    /** In the queue, in join-number order. */
    WAITING,
    /** Let in to buy: an active shopper until finished. */
    ADMITTED,
    /** Finished after admission: bought, left, rejected, expired or cleaned up. */
    DONE,
    /** Left while waiting (or before the join arrived). */
    ABANDONED,
    /** Sent away because the queue closed: sold out. */
    TURNED_AWAY
}
