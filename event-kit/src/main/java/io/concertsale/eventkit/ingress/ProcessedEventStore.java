package io.concertsale.eventkit.ingress;

import io.concertsale.eventkit.jdbc.SqlTime;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Consumer-side deduplication in the service's own database: one row per (source, id) of every event handled.
 * Delivery is at least once, so a redelivered event finds its row and is acknowledged without a second effect.
 */
public class ProcessedEventStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public ProcessedEventStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records the event as processed, in the caller's transaction. Two deliveries of the same event at once are told
     * apart by the primary key: the second waits for the first's transaction and finds its row (a duplicate), never a
     * key violation.
     *
     * @return false when it had been processed before
     */
    public boolean markProcessed(String source, String id, String type) {
        int inserted = jdbc.sql("""
                        INSERT INTO processed_event (source, event_id, type, processed_at)
                        VALUES (:source, :id, :type, :now)
                        ON CONFLICT DO NOTHING""")
                .param("source", source)
                .param("id", id)
                .param("type", type)
                .param("now", SqlTime.of(clock.instant()))
                .update();
        return inserted == 1;
    }

    public boolean isProcessed(String source, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM processed_event WHERE source = :source AND event_id = :id")
                .param("source", source).param("id", id).query(Long.class).single() > 0;
    }

    /**
     * Forgets events older than the retention: the broker stops redelivering long before. It scans the table (no index
     * on the age, which every insert would pay for), once an hour.
     */
    public int purgeOlderThan(Duration retention) {
        return jdbc.sql("DELETE FROM processed_event WHERE processed_at < :limit")
                .param("limit", SqlTime.of(clock.instant().minus(retention)))
                .update();
    }
}
