package io.concertsale.queue.waitingroom;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the queue's entries are kept: one per customer session, filed under its sale and the join number the gateway
 * gave. Every change of state is conditional on the state it leaves, so a repeated or late fact changes nothing twice.
 */
public interface EntryStore {

    /** A waiting customer the admission pass may let in. */
    record Waiting(long number, String sessionId) {
    }

    /** An admission about to be written. */
    record Admission(long number, String sessionId, String token) {
    }

    /** The session's entry, in whichever sale and state. */
    Optional<QueueEntry> find(String sessionId);

    /**
     * Adds a session with its place in its sale's join order.
     *
     * @return false when the session is in already, or another session holds that number
     */
    boolean insert(String saleId, long number, String sessionId, EntryState state, Instant joinedAt,
            Instant finishedAt, String finishedReason);

    /** Every waiting customer of the sale, in number order. */
    List<Waiting> waiting(String saleId);

    /**
     * The first {@code count} join numbers of the sale above {@code after}, in any state, in order: the admission
     * frontier moves over those that follow it without a gap.
     */
    List<Long> numbersAbove(String saleId, long after, int count);

    /** How many join numbers of the sale between {@code after} and {@code before} (both excluded) arrived. */
    long countBetween(String saleId, long after, long before);

    /**
     * The first {@code count} waiting customers of the sale numbered above {@code after} and up to {@code upTo}, in
     * number order; a pass never walks over the customers admitted before.
     */
    List<Waiting> nextWaiting(String saleId, int count, long after, long upTo);

    /**
     * Admits waiting customers of the sale, each only if still waiting.
     *
     * @return the admissions that took effect
     */
    List<Admission> admit(String saleId, List<Admission> admissions, Instant admittedAt, Instant tokenExpiresAt);

    /** A waiting customer left. @return false when they were no longer waiting */
    boolean leaveWaiting(String sessionId, String reason, Instant at);

    /**
     * An admitted customer stopped shopping; only the first finish counts.
     *
     * @param onlyWithoutReservation finish only a customer who holds no reservation
     * @return false when the customer was not an active shopper (any more)
     */
    boolean finish(String sessionId, String reason, Instant at, boolean onlyWithoutReservation);

    /** The admitted customer holds a reservation: their token's expiry no longer frees them. */
    boolean markReserved(String sessionId);

    /**
     * Finishes the active shoppers whose token expired before {@code expiredBefore} while they held no reservation.
     * Only the current sale has active shoppers: a new sale clears the others.
     *
     * @return how many
     */
    int expireTokens(Instant expiredBefore, Instant at, String reason);

    /** Admitted customers not finished yet (the active shoppers). Only the current sale has any. */
    long countActive();

    /** Sends every waiting customer of the sale away, all at once. @return how many */
    int turnAwayWaiting(String saleId, Instant at, String reason);

    /** Forgets every entry of the other sales (a new sale opens). @return how many */
    int deleteAllBut(String saleId);
}
