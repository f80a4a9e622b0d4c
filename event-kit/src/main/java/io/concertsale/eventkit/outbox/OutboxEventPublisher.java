package io.concertsale.eventkit.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.eventkit.jdbc.SqlTime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes events to the {@code outbox_event} table and wakes the relay for the event's type (its lane) once the
 * transaction committed.
 */
public class OutboxEventPublisher implements EventPublisher {

    static final EventFormat FORMAT = new JsonFormat();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final OutboxRelay relay;
    private final Clock clock;

    public OutboxEventPublisher(JdbcClient jdbc, TransactionTemplate transactions, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public void publish(CloudEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            transactions.executeWithoutResult(status -> publish(event));
            return;
        }
        jdbc.sql("""
                        INSERT INTO outbox_event (event_id, type, payload, created_at, next_attempt_at, attempts, failed)
                        VALUES (:id, :type, :payload, :now, :now, 0, FALSE)""")
                .param("id", event.getId())
                .param("type", event.getType())
                .param("payload", new String(FORMAT.serialize(event), StandardCharsets.UTF_8))
                .param("now", SqlTime.of(clock.instant()))
                .update();
        String type = event.getType();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake(type);
            }
        });
    }
}
