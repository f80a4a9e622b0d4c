package io.concertsale.queue.waitingroom;

import io.concertsale.events.data.AdmissionSettings;
import java.time.Instant;

/**
 * Where the current sale is kept: its admission settings, the admitted total, the admission frontier and its gap
 * watch, the latest availability; and the admission lease that lets one instance at a time run the passes. Updates
 * for another sale, or older than what is in force, change nothing.
 */
public interface SaleStore {

    /** The current sale (there is always one record, blank before the first opening). */
    Sale current();

    /** A new sale: its settings, counters and frontier at zero, open, availability unknown. */
    void open(String saleId, Instant openedAt, int holdSeconds, AdmissionSettings admission);

    /**
     * New admission settings for the current sale, unless newer ones are in already.
     *
     * @return false when the update is for another sale or older than the settings in force
     */
    boolean updateAdmission(String saleId, AdmissionSettings admission, Instant updatedAt);

    /**
     * The latest availability of the current sale, unless a newer snapshot is in already.
     *
     * @return false when the snapshot is for another sale or older than the one in force
     */
    boolean recordAvailability(String saleId, long available, long reserved, Instant at);

    /** Counts admissions. */
    void addAdmitted(int count);

    /** Moves the admission frontier and its gap watch (see {@link Sale#frontier()}). */
    void moveFrontier(long frontier, Instant gapSince, long gapHorizon);

    /**
     * Takes or renews the admission lease for {@code holder} until {@code until}, unless another instance holds it and
     * it has not run out by {@code now}. The lease stays held exclusively until the transaction ends, so a second pass
     * waits for the first to end and then finds the lease renewed.
     *
     * @return whether {@code holder} holds the lease now
     */
    boolean holdLease(String holder, Instant now, Instant until);

    /**
     * Whether {@code holder} may take or renew the admission lease: it holds it, nobody does, or it ran out. A read
     * only, so an instance that does not admit never waits for the pass of the one that does.
     */
    boolean leaseOpenTo(String holder, Instant now);

    /** Gives the admission lease up, if {@code holder} holds it: another instance takes it on its next tick. */
    void releaseLease(String holder);

    /** The queue of the current sale closes (sold out). */
    void close(Instant at);
}
