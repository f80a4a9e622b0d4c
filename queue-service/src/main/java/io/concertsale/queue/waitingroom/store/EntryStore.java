package io.concertsale.queue.waitingroom.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.queue.waitingroom.EntryState;
import io.concertsale.queue.waitingroom.QueueEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The queue table: one row per customer session, numbered in join order. Plain SQL for H2 and PostgreSQL. */
@Repository
public class EntryStore {

    private static final String COLUMNS = """
            number, session_id, state, joined_at, admitted_at, admission_token, token_expires_at, reserved,
            finished_at, finished_reason""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public EntryStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A waiting customer the admission pass may let in. */
    public record Waiting(long number, String sessionId) {
    }

    /** An admission about to be written. */
    public record Admission(long number, String sessionId, String token) {
    }

    /** The next join number from the database sequence. */
    public long nextNumber() {
        return jdbc.sql("SELECT nextval('queue_entry_number')").query(Long.class).single();
    }

    /** Starts the join numbers at 1 again (a new sale). */
    public void restartNumbers() {
        jdbc.sql("ALTER SEQUENCE queue_entry_number RESTART WITH 1").update();
    }

    public Optional<QueueEntry> find(String sessionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM queue_entry WHERE session_id = :session")
                .param("session", sessionId)
                .query(EntryStore::entry)
                .optional();
    }

    /**
     * Adds a session.
     *
     * @return false when the session is in already
     */
    public boolean insert(long number, String sessionId, EntryState state, Instant joinedAt, Instant finishedAt,
            String finishedReason) {
        return jdbc.sql("""
                        INSERT INTO queue_entry (number, session_id, state, joined_at, finished_at, finished_reason)
                        VALUES (:number, :session, :state, :joinedAt, :finishedAt, :reason)
                        ON CONFLICT DO NOTHING""")
                .param("number", number)
                .param("session", sessionId)
                .param("state", state.name())
                .param("joinedAt", SqlTime.of(joinedAt))
                .param("finishedAt", SqlTime.of(finishedAt))
                .param("reason", finishedReason)
                .update() == 1;
    }

    /** Every waiting number, in order: the positions cache is rebuilt from these. */
    public List<Long> waitingNumbers() {
        return jdbc.sql("SELECT number FROM queue_entry WHERE state = 'WAITING' ORDER BY number")
                .query(Long.class)
                .list();
    }

    /**
     * The first {@code count} waiting customers numbered between {@code after} and {@code below}, read through an
     * index range that starts at {@code after}, so a pass never walks over the customers admitted before.
     */
    public List<Waiting> nextWaiting(int count, long after, long below) {
        return jdbc.sql("""
                        SELECT number, session_id FROM queue_entry
                        WHERE state = 'WAITING' AND number > :after AND number < :below
                        ORDER BY number FETCH FIRST %d ROWS ONLY""".formatted(count))
                .param("after", after)
                .param("below", below)
                .query((rs, n) -> new Waiting(rs.getLong("number"), rs.getString("session_id")))
                .list();
    }

    /**
     * Admits waiting customers, each only if still waiting.
     *
     * @return the admissions that took effect
     */
    public List<Admission> admit(List<Admission> admissions, Instant admittedAt, Instant tokenExpiresAt) {
        List<Object[]> rows = new ArrayList<>(admissions.size());
        for (Admission admission : admissions) {
            rows.add(new Object[] {SqlTime.of(admittedAt), admission.token(), SqlTime.of(tokenExpiresAt),
                    admission.number()});
        }
        int[] updated = batch.batchUpdate("""
                UPDATE queue_entry SET state = 'ADMITTED', admitted_at = ?, admission_token = ?, token_expires_at = ?
                WHERE number = ? AND state = 'WAITING'""", rows);
        List<Admission> admitted = new ArrayList<>(admissions.size());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 1) {
                admitted.add(admissions.get(i));
            }
        }
        return admitted;
    }

    /** A waiting customer left. @return false when they were no longer waiting */
    public boolean leaveWaiting(long number, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'ABANDONED', finished_at = :at, finished_reason = :reason
                        WHERE number = :number AND state = 'WAITING'""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("number", number)
                .update() == 1;
    }

    /**
     * An admitted customer stopped shopping; only the first finish counts.
     *
     * @param onlyWithoutReservation finish only a customer who holds no reservation
     * @return false when the customer was not an active shopper (any more)
     */
    public boolean finish(String sessionId, String reason, Instant at, boolean onlyWithoutReservation) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'DONE', finished_at = :at, finished_reason = :reason
                        WHERE session_id = :session AND state = 'ADMITTED'""" + (onlyWithoutReservation
                        ? " AND reserved = FALSE" : ""))
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("session", sessionId)
                .update() == 1;
    }

    /** The admitted customer holds a reservation: their token's expiry no longer frees them. */
    public boolean markReserved(String sessionId) {
        return jdbc.sql("""
                        UPDATE queue_entry SET reserved = TRUE
                        WHERE session_id = :session AND state = 'ADMITTED' AND reserved = FALSE""")
                .param("session", sessionId)
                .update() == 1;
    }

    /** Finishes the active shoppers whose token expired before {@code expiredBefore} while they held no reservation. */
    public int expireTokens(Instant expiredBefore, Instant at, String reason) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'DONE', finished_at = :at, finished_reason = :reason
                        WHERE state = 'ADMITTED' AND reserved = FALSE AND token_expires_at <= :expiredBefore""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("expiredBefore", SqlTime.of(expiredBefore))
                .update();
    }

    /** Admitted customers not finished yet: at most the active-shopper cap, counted through the index. */
    public long countActive() {
        return jdbc.sql("SELECT COUNT(*) FROM queue_entry WHERE state = 'ADMITTED'").query(Long.class).single();
    }

    /** Sends every waiting customer away, in one statement. @return how many */
    public int turnAwayWaiting(Instant at, String reason) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'TURNED_AWAY', finished_at = :at, finished_reason = :reason
                        WHERE state = 'WAITING'""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .update();
    }

    /** Forgets every entry except the customers waiting who joined at or after {@code since} (a new sale). */
    public int deleteAllButWaitingSince(Instant since) {
        return jdbc.sql("DELETE FROM queue_entry WHERE state <> 'WAITING' OR joined_at < :since")
                .param("since", SqlTime.of(since))
                .update();
    }

    /** Every waiting customer, in number order. */
    public List<Waiting> waiting() {
        return jdbc.sql("SELECT number, session_id FROM queue_entry WHERE state = 'WAITING' ORDER BY number")
                .query((rs, n) -> new Waiting(rs.getLong("number"), rs.getString("session_id")))
                .list();
    }

    /** Gives an entry another number. */
    public void renumber(long from, long to) {
        jdbc.sql("UPDATE queue_entry SET number = :to WHERE number = :from")
                .param("to", to)
                .param("from", from)
                .update();
    }

    private static QueueEntry entry(ResultSet rs, int row) throws SQLException {
        return new QueueEntry(
                rs.getLong("number"),
                rs.getString("session_id"),
                EntryState.valueOf(rs.getString("state")),
                SqlTime.instant(rs, "joined_at"),
                SqlTime.instant(rs, "admitted_at"),
                rs.getString("admission_token"),
                SqlTime.instant(rs, "token_expires_at"),
                rs.getBoolean("reserved"),
                SqlTime.instant(rs, "finished_at"),
                rs.getString("finished_reason"));
    }
}
