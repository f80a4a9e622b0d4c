package io.concertsale.eventkit.outbox;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.sink.SinkException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sends the outbox to the sink: right after a commit wakes it, and on a sweep for anything left behind (a failed
 * send, a restart). A sent event is deleted; a failed one is tried again with exponential backoff, without end
 * while the failure is retryable. One the sink rejects for good is kept, marked failed, and logged as an error.
 *
 * <p>Each event type is a lane, read in the order the events were written: the free sends are shared out among
 * the lanes that have events waiting, so a storm of one type (ten thousand joins) does not hold up another type
 * (an admitted fan's reservation), as the broker does for its Triggers. Sends are pipelined: a lane's next event
 * goes out as soon as a send finishes, with no batch to wait for. Across types there is no order, as there is none
 * in Knative's delivery either.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DELETE_CHUNK = 1000;
    /** The types with events in the outbox, read off the lane index. */
    static final String LANES = "SELECT DISTINCT type FROM outbox_event";
    /** A lane's next due events: see {@link #read}. */
    static final String LANE_READ = """
            SELECT seq, event_id, payload, attempts FROM outbox_event
            WHERE type = :type AND seq > :after AND failed = FALSE AND next_attempt_at <= :now
            ORDER BY type, seq FETCH FIRST %d ROWS ONLY""";

    private final JdbcClient jdbc;
    private final EventSink sink;
    private final Clock clock;
    private final Duration pollInterval;
    private final int batchSize;
    private final int parallelism;
    private final Duration maxBackoff;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    /** The types the publisher committed events of since the relay last looked. */
    private final Set<String> woken = ConcurrentHashMap.newKeySet();
    /** Rows being sent or sent and not deleted yet: never read for sending again meanwhile. */
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
    private final AtomicInteger takenCount = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendNanos = new LongAdder();
    private volatile Thread worker;
    private volatile boolean running;
    // the worker's own state
    /** The types that may have events due: found by the sweep and told by the publisher. */
    private final Set<String> lanes = new LinkedHashSet<>();
    /** Per lane, the highest number already read for sending: the next read starts after it. */
    private final Map<String, Long> cursors = new HashMap<>();
    private Instant lastSweep = Instant.MIN;
    private int nextLane;

    /**
     * @param pollInterval how often the relay sweeps the whole outbox for what the lanes left behind
     * @param batchSize the most events read from one lane at a time
     * @param parallelism events sent at once, over all lanes
     */
    public OutboxRelay(JdbcClient jdbc, EventSink sink, Clock clock, Duration pollInterval, int batchSize,
            int parallelism, Duration maxBackoff) {
        this.jdbc = jdbc;
        this.sink = sink;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
        this.maxBackoff = maxBackoff;
        this.inFlight = new Semaphore(parallelism);
    }

    /** Asks the relay's loop to look again now: a send finished, or a lane was woken. */
    private void signal() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Asks the relay to look at the lane of this event type now: an event of it was committed. */
    public void wake(String type) {
        woken.add(type);
        signal();
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
                int started = relayOnce();
                boolean idle = started == 0 && inFlight.availablePermits() == parallelism;
                if (idle || takenCount.get() >= DELETE_CHUNK) {
                    deleteTaken();
                }
                if (started == 0 || inFlight.availablePermits() < minimumRead()) {
                    wakeUps.tryAcquire(Math.max(1, untilNextSweep().toMillis()), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Outbox relay cycle failed; trying again shortly", e);
                    lastSweep = Instant.MIN;
                    sleepQuietly();
                }
            }
        }
    }

    private Duration untilNextSweep() {
        Instant due = lastSweep.equals(Instant.MIN) ? Instant.now() : lastSweep.plus(pollInterval);
        Duration left = Duration.between(Instant.now(), due);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Starts as many sends as there are free ones, shared out among the lanes with events due. Every poll interval
     * it sweeps: finds every lane with events due and reads each from its start, which takes up what the cursors
     * passed by (an event retried after its backoff, one whose transaction committed after a later one was read).
     *
     * @return how many sends it started
     */
    int relayOnce() throws InterruptedException {
        if (untilNextSweep().isZero()) {
            deleteTaken();
            sweep();
        }
        for (Iterator<String> it = woken.iterator(); it.hasNext(); ) {
            lanes.add(it.next());
            it.remove();
        }
        int free = inFlight.availablePermits();
        if (free < minimumRead() || lanes.isEmpty()) {
            return 0;
        }
        List<String> open = new ArrayList<>(lanes);
        int share = Math.max(1, Math.min(batchSize, free / open.size()));
        int started = 0;
        for (int i = 0; i < open.size() && started < free; i++) {
            String lane = open.get((nextLane + i) % open.size());
            List<Row> due = read(lane, Math.min(share, free - started));
            if (due.isEmpty()) {
                lanes.remove(lane);
                continue;
            }
            for (Row row : due) {
                inFlight.acquire();
                claimed.add(row.seq());
                senders.execute(() -> {
                    try {
                        send(row);
                    } finally {
                        inFlight.release();
                        signal();
                    }
                });
                started++;
            }
        }
        nextLane++;
        return started;
    }

    /** Reads wait until a quarter of the sends are free, so that one read serves several. */
    private int minimumRead() {
        return Math.max(1, parallelism / 4);
    }

    private void sweep() {
        lastSweep = Instant.now();
        cursors.clear();
        // every type with a row, found on the lane index without reading the rows; a lane with nothing due yet is
        // read once and dropped until the next sweep
        lanes.addAll(jdbc.sql(LANES).query(String.class).list());
    }

    /**
     * The lane's next due events past its cursor that are not being sent already, in order; moves the cursor. Ordered
     * by the whole lane index, {@code (type, seq)}, so that the database reads the first rows off the index and stops:
     * ordered by {@code seq} alone, H2 read and sorted every row of the lane (a tenth of the sale's CPU with ten
     * thousand joins waiting).
     */
    private List<Row> read(String lane, int count) {
        long after = cursors.getOrDefault(lane, 0L);
        // rows still claimed may lie past the cursor after a sweep reset it: read enough to get past them
        int limit = after == 0 ? count + claimed.size() : count;
        List<Row> rows = jdbc.sql(LANE_READ.formatted(limit))
                .param("type", lane)
                .param("after", after)
                .param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Row(rs.getLong("seq"), rs.getString("event_id"), rs.getString("payload"),
                        rs.getInt("attempts")))
                .list();
        List<Row> due = new ArrayList<>(Math.min(count, rows.size()));
        for (Row row : rows) {
            if (due.size() == count) {
                break;
            }
            if (!claimed.contains(row.seq())) {
                due.add(row);
            }
            after = row.seq();
        }
        cursors.put(lane, after);
        return due;
    }

    /**
     * Deletes the events the sink took, in one statement per thousand: one commit for many events, not one per
     * event. Should the service die before, they go out again after its restart; consumers de-duplicate.
     */
    private void deleteTaken() {
        List<Long> done = new ArrayList<>();
        for (Long seq = taken.poll(); seq != null; seq = taken.poll()) {
            done.add(seq);
            takenCount.decrementAndGet();
        }
        for (int from = 0; from < done.size(); from += DELETE_CHUNK) {
            List<Long> chunk = done.subList(from, Math.min(done.size(), from + DELETE_CHUNK));
            try {
                jdbc.sql("DELETE FROM outbox_event WHERE seq IN (:seqs)").param("seqs", chunk).update();
            } catch (RuntimeException e) {
                List<Long> left = done.subList(from, done.size());
                taken.addAll(left);
                takenCount.addAndGet(left.size());
                throw e;
            }
            claimed.removeAll(chunk);
        }
    }

    private void send(Row row) {
        CloudEvent event;
        try {
            event = OutboxEventPublisher.FORMAT.deserialize(row.payload().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            markFailed(row, "Unreadable outbox payload: " + e.getMessage());
            return;
        }
        long started = System.nanoTime();
        try {
            sink.send(event);
            sent.increment();
            taken.add(row.seq());
            takenCount.incrementAndGet();
        } catch (SinkException e) {
            if (!e.retryable()) {
                markFailed(row, e.getMessage());
                return;
            }
            int attempts = row.attempts() + 1;
            Duration backoff = backoff(attempts);
            if (attempts == 1 || attempts % 10 == 0) {
                log.warn("Event {} {} not delivered yet (attempt {}), next try in {}: {}", event.getType(),
                        event.getId(), attempts, backoff, e.getMessage());
            }
            try {
                jdbc.sql("""
                                UPDATE outbox_event SET attempts = :attempts, next_attempt_at = :next, last_error = :error
                                WHERE seq = :seq""")
                        .param("attempts", attempts)
                        .param("next", SqlTime.of(clock.instant().plus(backoff)))
                        .param("error", truncate(e.getMessage()))
                        .param("seq", row.seq())
                        .update();
            } finally {
                claimed.remove(row.seq());
            }
        } catch (RuntimeException e) {
            claimed.remove(row.seq());
            log.warn("Outbox send of {} failed unexpectedly; it is tried again at the next sweep", row.eventId(), e);
        } finally {
            sendNanos.add(System.nanoTime() - started);
        }
    }

    private void markFailed(Row row, String error) {
        log.error("Event {} was rejected by the sink for good and stays in the outbox marked failed: {}",
                row.eventId(), error);
        try {
            jdbc.sql("UPDATE outbox_event SET failed = TRUE, last_error = :error WHERE seq = :seq")
                    .param("error", truncate(error)).param("seq", row.seq()).update();
        } finally {
            claimed.remove(row.seq());
        }
    }

    Duration backoff(int attempts) {
        long millis = 200L << Math.min(attempts - 1, 16);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Events waiting to be sent (not failed). */
    public long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE failed = FALSE").query(Long.class).single();
    }

    /** How long the oldest event still waiting to be sent (not failed) has waited, in seconds; 0 for none. */
    public double oldestPendingSeconds() {
        OffsetDateTime oldest = jdbc.sql("SELECT MIN(created_at) FROM outbox_event WHERE failed = FALSE")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).list().getFirst();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toNanos() / 1e9);
    }

    /** Events the sink took since start. */
    public long sent() {
        return sent.sum();
    }

    /** Time spent in sends since start (taken or not), in nanoseconds. */
    public long sendNanos() {
        return sendNanos.sum();
    }

    /** Events sent at once, at most. */
    public int parallelism() {
        return parallelism;
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
