package io.concertsale.tickets.reservation;

import java.time.Instant;

/** The admission tokens that made a reservation, kept so a token holds tickets once, across restarts. */
public interface AdmissionTokenUses {

    /** True when the token made a reservation before. */
    boolean used(String token);

    /**
     * Records that the token made the reservation.
     *
     * @return false when it had made one before (nothing was recorded)
     */
    boolean use(String token, String saleId, String sessionId, String reservationId, Instant at);
}
