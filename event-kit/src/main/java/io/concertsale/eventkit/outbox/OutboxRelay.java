package io.concertsale.eventkit.outbox;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.sink.SinkException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sends the outbox to the sink: right after a commit wakes it, and on a poll for anything left behind (a failed
 * send, a restart). A sent event is deleted; a failed one is tried again with exponential backoff, without end
 * while the failure is retryable. One the sink rejects for good is kept, marked failed, and logged as an error.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DELETE_CHUNK = 1000;

    private final JdbcClient jdbc;
    private final EventSink sink;
    private final Clock clock;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration maxBackoff;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(JdbcClient jdbc, EventSink sink, Clock clock, Duration pollInterval, int batchSize,
            int parallelism, Duration maxBackoff) {
        this.jdbc = jdbc;
        this.sink = sink;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
        this.inFlight = new Semaphore(parallelism);
    }

    /** Asks the relay to look at the outbox now. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                int sent = relayOnce();
                if (sent < batchSize) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Outbox relay cycle failed; trying again shortly", e);
                    sleepQuietly();
                }
            }
        }
    }

    /**
     * Sends every due event once.
     *
     * @return how many events were due
     */
    public int relayOnce() throws InterruptedException {
        List<Row> due = jdbc.sql("""
                        SELECT seq, event_id, payload, attempts FROM outbox_event
                        WHERE failed = FALSE AND next_attempt_at <= :now ORDER BY seq
                        FETCH FIRST %d ROWS ONLY""".formatted(batchSize))
                .param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Row(rs.getLong("seq"), rs.getString("event_id"), rs.getString("payload"),
                        rs.getInt("attempts")))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        List<Future<Boolean>> sends = new ArrayList<>(due.size());
        for (Row row : due) {
            inFlight.acquire();
            sends.add(senders.submit(() -> {
                try {
                    return send(row);
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<Long> sent = new ArrayList<>(due.size());
        for (int i = 0; i < sends.size(); i++) {
            try {
                if (sends.get(i).get()) {
                    sent.add(due.get(i).seq());
                }
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("Outbox send failed unexpectedly", e.getCause());
            }
        }
        delete(sent);
        return due.size();
    }

    /**
     * Deletes the events the sink took, in one statement per thousand: one commit for the whole batch, not one per
     * event. Should the service die before, they go out again after its restart; consumers de-duplicate.
     */
    private void delete(List<Long> sent) {
        for (int from = 0; from < sent.size(); from += DELETE_CHUNK) {
            List<Long> chunk = sent.subList(from, Math.min(sent.size(), from + DELETE_CHUNK));
            jdbc.sql("DELETE FROM outbox_event WHERE seq IN (:seqs)").param("seqs", chunk).update();
        }
    }

    /** @return whether the sink took the event (it is to be deleted) */
    private boolean send(Row row) {
        CloudEvent event;
        try {
            event = OutboxEventPublisher.FORMAT.deserialize(row.payload().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            markFailed(row, "Unreadable outbox payload: " + e.getMessage());
            return false;
        }
        try {
            sink.send(event);
            return true;
        } catch (SinkException e) {
            if (!e.retryable()) {
                markFailed(row, e.getMessage());
                return false;
            }
            int attempts = row.attempts() + 1;
            Duration backoff = backoff(attempts);
            if (attempts == 1 || attempts % 10 == 0) {
                log.warn("Event {} {} not delivered yet (attempt {}), next try in {}: {}", event.getType(),
                        event.getId(), attempts, backoff, e.getMessage());
            }
            jdbc.sql("""
                            UPDATE outbox_event SET attempts = :attempts, next_attempt_at = :next, last_error = :error
                            WHERE seq = :seq""")
                    .param("attempts", attempts)
                    .param("next", SqlTime.of(clock.instant().plus(backoff)))
                    .param("error", truncate(e.getMessage()))
                    .param("seq", row.seq())
                    .update();
            return false;
        }
    }

    private void markFailed(Row row, String error) {
        log.error("Event {} was rejected by the sink for good and stays in the outbox marked failed: {}",
                row.eventId(), error);
        jdbc.sql("UPDATE outbox_event SET failed = TRUE, last_error = :error WHERE seq = :seq")
                .param("error", truncate(error)).param("seq", row.seq()).update();
    }

    Duration backoff(int attempts) {
        long millis = 200L << Math.min(attempts - 1, 16);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Events waiting to be sent (not failed). */
    public long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE failed = FALSE").query(Long.class).single();
    }

    private static String truncate(String text) {
        return text == null ? null : text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long seq, String eventId, String payload, int attempts) {
    }
}
