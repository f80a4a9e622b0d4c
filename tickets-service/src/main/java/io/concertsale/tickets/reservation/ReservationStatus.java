package io.concertsale.tickets.reservation;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a reservation stands. {@code HELD → PAYMENT_PENDING → PAID → ISSUED}; a declined payment goes back to
 * {@code HELD}; a hold that ends unpaid is {@code EXPIRED} (it ran out or the process timed it out) or
 * {@code RELEASED} (the customer left or was cleaned up), and its tickets are available again.
 */
public enum ReservationStatus {
    HELD, PAYMENT_PENDING, PAID, ISSUED, EXPIRED, RELEASED;

    /** The statuses in which the tickets are held but not yet paid, so the hold may still end. */
    public static final Set<ReservationStatus> LIVE = EnumSet.of(HELD, PAYMENT_PENDING);

    public boolean live() {
        return LIVE.contains(this);
    }

    /** True once the hold ended unpaid and gave its tickets back. */
    public boolean ended() {
        return this == EXPIRED || this == RELEASED;
    }
}
