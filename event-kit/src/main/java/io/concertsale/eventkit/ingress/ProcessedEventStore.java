package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.jdbc.SqlTime;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Consumer-side deduplication in the service's own database: one row per (source, id) of every event handled.
 * Delivery is at least once, so a redelivered event finds its row and is acknowledged without a second effect.
 */
public class ProcessedEventStore {

    private static final String INSERT = """
            INSERT INTO processed_event (source, event_id, type, processed_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;
    private final Clock clock;

    public ProcessedEventStore(JdbcTemplate jdbc, Clock clock) {
        this.batches = jdbc;
        this.jdbc = JdbcClient.create(jdbc);
        this.clock = clock;
    }

    /**
     * Records events as processed, in the caller's transaction, with one batch of statements: what a group of
     * deliveries handled together ({@link io.concertsale.eventkit.jdbc.GroupCommit}) costs the database once. Two
     * deliveries of the same event at once are told apart by the primary key: the second waits for the first's
     * transaction and finds its row (a duplicate), never a key violation; within one batch, the second is the
     * duplicate.
     *
     * @return for each event in order, false when it had been processed before
     * @throws IllegalStateException when the driver does not say which rows it inserted (nothing is known then: let
     *         the transaction roll back)
     */
    public boolean[] markProcessed(List<CloudEvent> events) {
        OffsetDateTime now = SqlTime.of(clock.instant());
        int[] inserted = batches.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                CloudEvent event = events.get(i);
                statement.setString(1, event.getSource().toString());
                statement.setString(2, event.getId());
                statement.setString(3, event.getType());
                statement.setObject(4, now);
            }

            @Override
            public int getBatchSize() {
                return events.size();
            }
        });
        boolean[] fresh = new boolean[events.size()];
        for (int i = 0; i < fresh.length; i++) {
            if (inserted[i] != 0 && inserted[i] != 1) {
                throw new IllegalStateException("The database did not say whether it recorded event " + i
                        + " of the batch (" + inserted[i] + ")");
            }
            fresh[i] = inserted[i] == 1;
        }
        return fresh;
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
