package io.concertsale.queue.waitingroom;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How many customers the admission rate allows on a tick: {@code ratePerSecond × elapsed}, with the fraction carried
 * over to the next tick (so 0.5 per second admits one customer every 2 seconds). Kept in millionths of a customer, so
 * the carry-over adds up exactly.
 * <p>
 * What a tick could not use (nobody waiting, the active-shopper cap reached) is not saved up: at most one customer is
 * carried over, so admission never bursts after a quiet spell. A stalled ticker counts at most one second per tick.
 * While admission is halted (paused, rate 0, nothing available) nothing accrues, and a new sale starts from nothing.
 */
final class AdmissionBudget {

    static final long ONE_CUSTOMER = 1_000_000L;
    static final Duration MAX_ELAPSED = Duration.ofSeconds(1);
    /** More than any pass can use; keeps absurd rates from overflowing. */
    private static final long MAX_CREDIT = Integer.MAX_VALUE * ONE_CUSTOMER;

    private String saleId;
    private Instant last;
    private long credit;

    /**
     * Accrues the credit since the last tick and answers how many customers may be admitted now.
     *
     * @param ratePerSecond the admission rate, 0 while admission is halted
     */
    int allowance(String saleId, Instant now, double ratePerSecond) {
        if (last == null || !Objects.equals(this.saleId, saleId) || ratePerSecond <= 0) {
            this.saleId = saleId;
            this.last = now;
            this.credit = 0;
            return 0;
        }
        Duration elapsed = Duration.between(last, now);
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        } else if (elapsed.compareTo(MAX_ELAPSED) > 0) {
            elapsed = MAX_ELAPSED;
        }
        last = now;
        long micros = elapsed.toNanos() / 1_000;
        double accrued = ratePerSecond * micros;
        credit = Math.min(credit + (accrued >= MAX_CREDIT ? MAX_CREDIT : Math.round(accrued)), MAX_CREDIT);
        return (int) Math.min(credit / ONE_CUSTOMER, Integer.MAX_VALUE);
    }

    /** Spends what the tick admitted; carries over at most one customer. */
    void settle(int admitted) {
        credit = Math.max(0, Math.min(credit - admitted * ONE_CUSTOMER, ONE_CUSTOMER));
    }
}
