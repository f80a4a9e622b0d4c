package io.concertsale.queue.waitingroom;

import java.time.Instant;

/**
 * The sale the waiting room serves, its admission settings and counters, and the sums of the latest ticket
 * availability snapshot.
 *
 * @param saleId null until the first sale opens
 * @param frontier every join number of the sale up to this one has arrived, in any state, or was given up on after the
 *        gap wait: admission never lets in a higher number, so nobody is admitted while an earlier join is on its way
 * @param gapSince when an admission pass first saw a number above the frontier missing; null while none is
 * @param gapHorizon the highest number present at {@code gapSince}: every missing number below it has been on its way
 *        at least since then (the gateway numbered it before this one)
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
        long frontier,
        Instant gapSince,
        long gapHorizon,
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
