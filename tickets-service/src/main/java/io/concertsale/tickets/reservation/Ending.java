package io.concertsale.tickets.reservation;

/** Why an unpaid hold ended, and the status it ends in. */
public enum Ending {
    /** The hold ran out: the service's own expiry. */
    HOLD_EXPIRED(ReservationStatus.EXPIRED),
    /** The process timed the reservation out ({@code Tickets.ReservationTimedOut}). */
    TIMED_OUT(ReservationStatus.EXPIRED),
    /** The customer left ({@code Queue.CustomerAbandoned}). */
    ABANDONED(ReservationStatus.RELEASED),
    /** The process cleaned the session up ({@code Session.CleanUp}). */
    CLEAN_UP(ReservationStatus.RELEASED);

    private final ReservationStatus status;

    Ending(ReservationStatus status) {
        this.status = status;
    }

    public ReservationStatus status() {
        return status;
    }
}
