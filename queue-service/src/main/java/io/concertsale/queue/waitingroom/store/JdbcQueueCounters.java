package io.concertsale.queue.waitingroom.store;

import io.concertsale.queue.waitingroom.QueueCounters;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The waiting total of the current sale and a change count, in the table {@code queue_counter}: the sums over its
 * rows are the truth, written in the transactions that change them, so every instance reads the same. A transaction
 * adds to one row of its own ({@value #STRIPES} of them, picked at random and kept until it completes), so concurrent
 * joins rarely wait for each other and no transaction ever waits for two of them; the admission pass, a new sale and
 * the close use row 0. A standing is one statement: counting those waiting behind reads an index range that holds the
 * joins that arrived after this one or overtook it.
 */
@Repository
class JdbcQueueCounters implements QueueCounters {

    /** Rows 1..STRIPES for joins, leaves and finishes; row 0 for the admission pass and sale-wide changes. */
    static final int STRIPES = 16;

    private final JdbcClient jdbc;

    JdbcQueueCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void addWaiting(long delta) {
        add(stripe(), delta);
    }

    @Override
    public void changed() {
        add(stripe(), 0);
    }

    @Override
    public void passAdded(long delta) {
        add(0, delta);
    }

    @Override
    public void reset(long waiting) {
        jdbc.sql("""
                        UPDATE queue_counter
                        SET waiting = CASE WHEN stripe = 0 THEN :waiting ELSE 0 END, changes = changes + 1""")
                .param("waiting", waiting)
                .update();
    }

    @Override
    public long waiting() {
        return jdbc.sql("SELECT CAST(SUM(waiting) AS BIGINT) FROM queue_counter").query(Long.class).single();
    }

    @Override
    public Standing standing(String saleId, long number) {
        return jdbc.sql("""
                        SELECT (SELECT CAST(SUM(waiting) AS BIGINT) FROM queue_counter)
                                 - (SELECT COUNT(*) FROM queue_entry
                                    WHERE state = 'WAITING' AND sale_id = :sale AND number > :number) AS position,
                               admitted_total AS admitted
                        FROM queue_sale WHERE id = 1""")
                .param("sale", saleId)
                .param("number", number)
                .query((rs, n) -> new Standing(rs.getLong("position"), rs.getLong("admitted")))
                .single();
    }

    @Override
    public Progress progress() {
        return jdbc.sql("""
                        SELECT CAST(SUM(changes) AS BIGINT) AS changes, CAST(SUM(waiting) AS BIGINT) AS waiting,
                               (SELECT COUNT(*) FROM queue_entry WHERE state = 'ADMITTED') AS active
                        FROM queue_counter""")
                .query((rs, n) -> new Progress(rs.getLong("changes"), rs.getLong("waiting"), rs.getLong("active")))
                .single();
    }

    private void add(int stripe, long delta) {
        jdbc.sql("UPDATE queue_counter SET waiting = waiting + :delta, changes = changes + 1 WHERE stripe = :stripe")
                .param("delta", delta)
                .param("stripe", stripe)
                .update();
    }

    /** The row of the current transaction: picked once, so a transaction never holds two of them. */
    private int stripe() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return 1 + ThreadLocalRandom.current().nextInt(STRIPES);
        }
        Object taken = TransactionSynchronizationManager.getResource(this);
        if (taken != null) {
            return (Integer) taken;
        }
        int stripe = 1 + ThreadLocalRandom.current().nextInt(STRIPES);
        TransactionSynchronizationManager.bindResource(this, stripe);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(JdbcQueueCounters.this);
            }
        });
        return stripe;
    }
}
