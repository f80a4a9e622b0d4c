package io.concertsale.gateway.shop.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the sessions are kept: the session read model, its notifications and the customers' last activity. A command
 * locks its session first ({@link #lock}), so concurrent changes of one session never get lost.
 */
public interface SessionStore {

    void insert(Session session);

    Optional<Session> find(String id);

    /** Locks the session's row until the transaction ends, then loads it, so concurrent changes never get lost. */
    Optional<Session> lock(String id);

    /** Saves every field the rules change and increments the version. */
    void update(Session session, Instant now);

    /**
     * Records customer activity in a transaction that holds the session's row already; skips the write when the last
     * one is more recent than {@code unlessSince}.
     */
    void touch(String id, Instant now, Instant unlessSince);

    /**
     * Records activity of many sessions at once, except for those whose last activity is more recent than
     * {@code unlessSince}, skipping the rows another transaction holds: that transaction is changing the session right
     * now, and waiting for it could deadlock with a batch of event handlers that lock the same rows in another order
     * (seen with 100,000 fans: the idle check failed).
     */
    void touchAll(Collection<String> ids, Instant now, Instant unlessSince);

    void addNotification(String id, Notification notification);

    boolean hasNotification(String id, String kind);

    /**
     * Sends every waiting session away in one statement ({@code Queue.Closed}).
     *
     * @return how many sessions it rejected
     */
    int rejectQueued(String reason, String message, Instant now);

    /** Forgets every session (a sale reset). */
    void deleteAll();

    Map<Stage, Long> countByStage();

    /** Sessions in one of the stages whose customer was last seen before the cutoff, longest idle first. */
    List<String> idleSince(Instant cutoff, Set<Stage> stages, int limit);

    Optional<Instant> lastSeen(String id);

    /** The current version of each of these sessions that still exists. */
    Map<String, Long> versions(Collection<String> ids);
}
