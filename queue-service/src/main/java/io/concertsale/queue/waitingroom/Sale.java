package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * The sale the waiting room serves, its admission settings and counters, and the sums of the latest ticket
 * availability snapshot.
 *
 * @param saleId null until the first sale opens
 * @param lastAdmittedNumber the highest number admitted so far; everyone still waiting has a higher one
 * @param ticketsAvailable tickets available over all types; null until a snapshot arrived (then assumed available)
 * @param ticketsReserved tickets held over all types; null until a snapshot arrived
 */
public record Sale(
        String saleId,
        Instant openedAt,
        int holdSeconds,
        double ratePerSecond,
        int maxActiveShoppers,
        boolean paused,
        Instant admissionUpdatedAt,
        long admittedTotal,
        long lastAdmittedNumber,
        boolean closed,
        Instant closedAt,
        Long ticketsAvailable,
        Long ticketsReserved,
        Instant availabilityAt) {

    public boolean open() {
        return saleId != null;
    }

    /** The latest snapshot says no type has a ticket available. */
    public boolean nothingAvailable() {
        return ticketsAvailable != null && ticketsAvailable == 0;
    }

    /** Nothing available and no hold left that could come back: the queue must close. */
    public boolean soldOutForGood() {
        return open() && !closed && nothingAvailable() && ticketsReserved != null && ticketsReserved == 0;
    }

    /** Whether admission runs: a sale is open, not closed or paused, with a rate, and tickets may be available. */
    public boolean admitting() {
        return open() && !closed && !paused && ratePerSecond > 0 && !nothingAvailable();
    }
}
