package io.concertsale.gateway.sale;

import java.time.Instant;

/**
 * The waiting room's latest progress as {@code Queue.Progressed} reported it, kept once for the whole sale.
 *
 * @param at when the queue service measured it; null before the first report of this sale
 */
public record QueueProgress(
        long waiting, long admittedTotal, long activeShoppers, double ratePerSecond, boolean paused, Instant at) {

    /** No report yet. */
    public static final QueueProgress NONE = new QueueProgress(0, 0, 0, 0, false, null);

    /** True when this report is at least as recent as the other one. */
    public boolean notOlderThan(QueueProgress other) {
        return other == null || other.at == null || (at != null && !at.isBefore(other.at));
    }
}
