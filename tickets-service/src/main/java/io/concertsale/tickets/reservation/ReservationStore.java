package io.concertsale.tickets.reservation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where reservations are kept. Every change of status is conditional on the status it leaves, so of two racing
 * changes exactly one takes effect.
 */
public interface ReservationStore {

    /**
     * Stores a new hold unless the session already has a reservation in the sale that holds or bought tickets.
     *
     * @return false when it has one (nothing was stored)
     */
    boolean insertHeld(Reservation reservation);

    void delete(String id);

    Optional<Reservation> find(String id);

    /** Locks the reservation until the transaction ends, then reads it. */
    Optional<Reservation> lock(String id);

    /** The session's reservation in the sale that holds or bought tickets, if any. */
    Optional<Reservation> findActive(String saleId, String sessionId);

    /** Moves the reservation to {@code to} if it is in one of {@code from}. */
    boolean transition(String id, Collection<ReservationStatus> from, ReservationStatus to);

    /** Ends a hold that is in one of {@code from}: its status follows the ending, and the session may hold again. */
    boolean end(String id, Collection<ReservationStatus> from, Ending ending, Instant now);

    /**
     * Ends a hold that ran out: {@code HELD} past its expiry, or {@code PAYMENT_PENDING} past its expiry plus the
     * payment grace ({@code pendingExpiredBefore} = now minus the grace).
     */
    boolean expireIfDue(String id, Instant now, Instant pendingExpiredBefore);

    /** The ids of holds that ran out, oldest first. */
    List<String> dueForExpiry(Instant now, Instant pendingExpiredBefore, int limit);
}
