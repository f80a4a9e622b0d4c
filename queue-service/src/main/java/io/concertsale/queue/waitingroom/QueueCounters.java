package io.concertsale.queue.waitingroom;

/**
 * The customers waiting in the current sale and a change count, written in the transactions that change them so
 * every instance reads the same. Concurrent joins, leaves and finishes rarely wait for each other; the admission
 * pass, a new sale and the close count apart from them.
 */
public interface QueueCounters {

    /** A waiting customer's place: position (1 = next) and the admitted total at that moment. */
    record Standing(long position, long admittedTotal) {
    }

    /** What a progress report says, with the change count it says it for. */
    record Progress(long changes, long waiting, long active) {
    }

    /** Customers start or stop waiting in the current sale (a change, also when {@code delta} is 0). */
    void addWaiting(long delta);

    /** Something a progress report shows changed. */
    void changed();

    /** The admission pass: customers stopped waiting (admitted), or something else changed. */
    void passAdded(long delta);

    /** A new sale, or the close: {@code waiting} customers wait now. */
    void reset(long waiting);

    /** Customers waiting in the current sale. */
    long waiting();

    /**
     * The place of the customer waiting with {@code number} in the current sale: 1 + those waiting with a lower
     * number (whose joins arrived), i.e. the waiting total minus those waiting behind; the total, the count and the
     * admitted total are of one moment.
     */
    Standing standing(String saleId, long number);

    /** The change count, the customers waiting and the active shoppers, of one moment. */
    Progress progress();
}
