package io.concertsale.gateway.shop.session;

import io.concertsale.gateway.sale.QueueProgress;

/**
 * A waiting customer's position and estimated wait, derived from the position at join and the waiting room's
 * progress since: {@code max(1, positionAtJoin − (admittedTotal − admittedBefore))}. Exact when nobody ahead leaves,
 * never too optimistic when someone does. No per-customer update is needed when the queue moves.
 *
 * @param etaSeconds null when it cannot be estimated (admission paused or no rate known)
 */
public record QueuePosition(long position, Long etaSeconds) {

    public static QueuePosition of(long positionAtJoin, long admittedBefore, Long etaAtJoin, QueueProgress progress) {
        long admittedSince = progress.at() == null ? 0 : Math.max(0, progress.admittedTotal() - admittedBefore);
        long position = Math.max(1, positionAtJoin - admittedSince);
        if (progress.at() == null) {
            return new QueuePosition(position, etaAtJoin);
        }
        if (progress.paused() || progress.ratePerSecond() <= 0) {
            return new QueuePosition(position, null);
        }
        return new QueuePosition(position, (long) Math.ceil(position / progress.ratePerSecond()));
    }
}
