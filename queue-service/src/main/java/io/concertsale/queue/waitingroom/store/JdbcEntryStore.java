package io.concertsale.queue.waitingroom.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.queue.waitingroom.EntryState;
import io.concertsale.queue.waitingroom.EntryStore;
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

/**
 * The queue table: one row per customer session, keyed by its sale and the join number the gateway gave. Plain SQL
 * for H2 and PostgreSQL. The next waiting customers are read through an index range that starts at the frontier, so a
 * pass never walks over the customers admitted before; the active shoppers (at most the cap) are counted through the
 * index; the waiting customers are turned away in one statement.
 */
@Repository
class JdbcEntryStore implements EntryStore {

    private static final String COLUMNS = """
            sale_id, number, session_id, state, joined_at, admitted_at, admission_token, token_expires_at, reserved,
            finished_at, finished_reason""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    JdbcEntryStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @Override
    public Optional<QueueEntry> find(String sessionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM queue_entry WHERE session_id = :session")
                .param("session", sessionId)
                .query(JdbcEntryStore::entry)
                .optional();
    }

    @Override
    public boolean insert(String saleId, long number, String sessionId, EntryState state, Instant joinedAt,
            Instant finishedAt, String finishedReason) {
        return jdbc.sql("""
                        INSERT INTO queue_entry (sale_id, number, session_id, state, joined_at, finished_at,
                          finished_reason)
                        VALUES (:sale, :number, :session, :state, :joinedAt, :finishedAt, :reason)
                        ON CONFLICT DO NOTHING""")
                .param("sale", saleId)
                .param("number", number)
                .param("session", sessionId)
                .param("state", state.name())
                .param("joinedAt", SqlTime.of(joinedAt))
                .param("finishedAt", SqlTime.of(finishedAt))
                .param("reason", finishedReason)
                .update() == 1;
    }

    @Override
    public List<Waiting> waiting(String saleId) {
        return jdbc.sql("""
                        SELECT number, session_id FROM queue_entry
                        WHERE state = 'WAITING' AND sale_id = :sale ORDER BY number""")
                .param("sale", saleId)
                .query((rs, n) -> new Waiting(rs.getLong("number"), rs.getString("session_id")))
                .list();
    }

    @Override
    public List<Long> numbersAbove(String saleId, long after, int count) {
        return jdbc.sql("""
                        SELECT number FROM queue_entry WHERE sale_id = :sale AND number > :after
                        ORDER BY number FETCH FIRST %d ROWS ONLY""".formatted(count))
                .param("sale", saleId)
                .param("after", after)
                .query(Long.class)
                .list();
    }

    @Override
    public long countBetween(String saleId, long after, long before) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM queue_entry WHERE sale_id = :sale AND number > :after
                          AND number < :before""")
                .param("sale", saleId)
                .param("after", after)
                .param("before", before)
                .query(Long.class)
                .single();
    }

    @Override
    public List<Waiting> nextWaiting(String saleId, int count, long after, long upTo) {
        return jdbc.sql("""
                        SELECT number, session_id FROM queue_entry
                        WHERE state = 'WAITING' AND sale_id = :sale AND number > :after AND number <= :upTo
                        ORDER BY number FETCH FIRST %d ROWS ONLY""".formatted(count))
                .param("sale", saleId)
                .param("after", after)
                .param("upTo", upTo)
                .query((rs, n) -> new Waiting(rs.getLong("number"), rs.getString("session_id")))
                .list();
    }

    @Override
    public List<Admission> admit(String saleId, List<Admission> admissions, Instant admittedAt,
            Instant tokenExpiresAt) {
        List<Object[]> rows = new ArrayList<>(admissions.size());
        for (Admission admission : admissions) {
            rows.add(new Object[] {SqlTime.of(admittedAt), admission.token(), SqlTime.of(tokenExpiresAt), saleId,
                    admission.number()});
        }
        int[] updated = batch.batchUpdate("""
                UPDATE queue_entry SET state = 'ADMITTED', admitted_at = ?, admission_token = ?, token_expires_at = ?
                WHERE sale_id = ? AND number = ? AND state = 'WAITING'""", rows);
        List<Admission> admitted = new ArrayList<>(admissions.size());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 1) {
                admitted.add(admissions.get(i));
            }
        }
        return admitted;
    }

    @Override
    public boolean leaveWaiting(String sessionId, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'ABANDONED', finished_at = :at, finished_reason = :reason
                        WHERE session_id = :session AND state = 'WAITING'""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("session", sessionId)
                .update() == 1;
    }

    @Override
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

    @Override
    public boolean markReserved(String sessionId) {
        return jdbc.sql("""
                        UPDATE queue_entry SET reserved = TRUE
                        WHERE session_id = :session AND state = 'ADMITTED' AND reserved = FALSE""")
                .param("session", sessionId)
                .update() == 1;
    }

    @Override
    public int expireTokens(Instant expiredBefore, Instant at, String reason) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'DONE', finished_at = :at, finished_reason = :reason
                        WHERE state = 'ADMITTED' AND reserved = FALSE AND token_expires_at <= :expiredBefore""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("expiredBefore", SqlTime.of(expiredBefore))
                .update();
    }

    @Override
    public long countActive() {
        return jdbc.sql("SELECT COUNT(*) FROM queue_entry WHERE state = 'ADMITTED'").query(Long.class).single();
    }

    @Override
    public int turnAwayWaiting(String saleId, Instant at, String reason) {
        return jdbc.sql("""
                        UPDATE queue_entry SET state = 'TURNED_AWAY', finished_at = :at, finished_reason = :reason
                        WHERE state = 'WAITING' AND sale_id = :sale""")
                .param("at", SqlTime.of(at))
                .param("reason", reason)
                .param("sale", saleId)
                .update();
    }

    @Override
    public int deleteAllBut(String saleId) {
        return jdbc.sql("DELETE FROM queue_entry WHERE sale_id <> :sale")
                .param("sale", saleId)
                .update();
    }

    private static QueueEntry entry(ResultSet rs, int row) throws SQLException {
        return new QueueEntry(
                rs.getString("sale_id"),
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
