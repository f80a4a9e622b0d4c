package io.concertsale.eventkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.sink.SinkException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay over a real database and the kit's own migrations, sending to a sink the test controls: every
 * event goes out once and is deleted, a storm of one type does not hold up another, failures are retried or kept.
 */
class OutboxRelayTest {

    private static final URI SOURCE = URI.create("urn:concertsale:outbox-test");

    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private volatile Consumer<CloudEvent> behaviour = event -> {
    };
    private JdbcClient jdbc;
    private TransactionTemplate transactions;
    private OutboxRelay relay;
    private OutboxEventPublisher publisher;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/events").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    private void relay(int parallelism) {
        EventSink sink = event -> {
            behaviour.accept(event);
            received.add(event);
        };
        relay = new OutboxRelay(jdbc, sink, clock, Duration.ofMillis(100), 500, parallelism, Duration.ofSeconds(1));
        publisher = new OutboxEventPublisher(jdbc, transactions, relay, clock);
    }

    private static CloudEvent event(String type, int n) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(SOURCE).withType(type)
                .withSubject("s-" + n).withDataContentType("application/json")
                .withData(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)).build();
    }

    private List<CloudEvent> publishInOneTransaction(String type, int count) {
        List<CloudEvent> events = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            for (int n = 0; n < count; n++) {
                CloudEvent event = event(type, n);
                publisher.publish(event);
                events.add(event);
            }
        });
        return events;
    }

    private void awaitEmptyOutbox() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (relay.pending() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(relay.pending()).as("events left in the outbox").isZero();
    }

    @Test
    void everyEventCommittedGoesOutOnceAndLeavesTheOutbox() throws Exception {
        relay(8);
        // written before the relay runs, as after a restart, and while it runs, from several writers at once
        List<CloudEvent> published = new CopyOnWriteArrayList<>(publishInOneTransaction("Queue.CustomerJoined", 500));
        relay.start();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writes = new ArrayList<>();
            for (int writer = 0; writer < 6; writer++) {
                String type = writer % 2 == 0 ? "Queue.CustomerQueued" : "Tickets.Requested";
                writes.add(writers.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        published.addAll(publishInOneTransaction(type, 1 + n % 7));
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }

        awaitEmptyOutbox();
        Map<String, Integer> times = new ConcurrentHashMap<>();
        received.forEach(event -> times.merge(event.getId(), 1, Integer::sum));
        assertThat(times).hasSize(published.size());
        assertThat(times.values()).allMatch(count -> count == 1);
        assertThat(published.stream().map(CloudEvent::getId).toList()).allMatch(times::containsKey);
        assertThat(relay.sent()).isEqualTo(published.size());
        assertThat(relay.sendNanos()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event").query(Long.class).single()).isZero();
    }

    @Test
    void aStormOfOneTypeDoesNotHoldUpTheNextEventOfAnother() throws Exception {
        relay(4);
        // each join takes the broker 20 ms: a thousand of them keep four sends busy for about five seconds
        behaviour = event -> {
            if (event.getType().equals("Queue.CustomerJoined")) {
                sleep(20);
            }
        };
        publishInOneTransaction("Queue.CustomerJoined", 1000);
        relay.start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (received.size() < 20 && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        CloudEvent purchase = publishInOneTransaction("Tickets.Requested", 1).getFirst();

        while (received.stream().noneMatch(event -> event.getId().equals(purchase.getId()))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        int before = 0;
        for (CloudEvent event : received) {
            if (event.getId().equals(purchase.getId())) {
                break;
            }
            before++;
        }
        assertThat(before).as("joins sent before the reservation that came after the first 20 joins")
                .isLessThan(500);
    }

    @Test
    void theMetersShowWhatWaitsAndForHowLong() throws Exception {
        relay(4);
        publishInOneTransaction("Queue.CustomerJoined", 3);
        clock.advance(Duration.ofSeconds(30));
        publishInOneTransaction("Queue.CustomerQueued", 2);

        assertThat(relay.pending()).isEqualTo(5);
        assertThat(relay.oldestPendingSeconds()).isEqualTo(30.0);
        assertThat(relay.sent()).isZero();

        relay.start();
        awaitEmptyOutbox();
        assertThat(relay.oldestPendingSeconds()).isZero();
        assertThat(relay.sent()).isEqualTo(5);
    }

    @Test
    void aRetryableFailureIsTriedAgainAndARejectedEventIsKeptMarkedFailed() throws Exception {
        relay(4);
        AtomicInteger refusals = new AtomicInteger(3);
        Map<String, Integer> tries = new ConcurrentHashMap<>();
        behaviour = event -> {
            tries.merge(event.getType(), 1, Integer::sum);
            if (event.getType().equals("Sale.Opened")) {
                throw new SinkException("400 Bad Request", false, 400, null);
            }
            if (event.getType().equals("Queue.CustomerJoined") && refusals.getAndDecrement() > 0) {
                throw new SinkException("503 Service Unavailable", true, 503, null);
            }
        };
        CloudEvent join = publishInOneTransaction("Queue.CustomerJoined", 1).getFirst();
        publishInOneTransaction("Sale.Opened", 1);
        relay.start();

        Instant deadline = Instant.now().plusSeconds(30);
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            clock.advance(Duration.ofMillis(200));
            Thread.sleep(20);
        }
        assertThat(received).extracting(CloudEvent::getId).containsExactly(join.getId());
        assertThat(tries).containsEntry("Queue.CustomerJoined", 4);
        awaitEmptyOutbox();
        clock.advance(Duration.ofMinutes(5));
        Thread.sleep(300);
        assertThat(tries).as("a rejected event is not sent again").containsEntry("Sale.Opened", 1);
        assertThat(jdbc.sql("SELECT type, failed, attempts FROM outbox_event")
                .query((rs, n) -> rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getInt(3)).list())
                .containsExactly("Sale.Opened true 0");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void readsEachLaneOffItsIndexWithoutReadingTheWholeLane() {
        String lane = jdbc.sql("EXPLAIN " + OutboxRelay.LANE_READ.formatted(4))
                .param("type", "Queue.CustomerJoined").param("after", 0L).param("now", SqlTime.of(clock.instant()))
                .query(String.class).single();
        assertThat(lane).as("the plan of a lane's read").contains("outbox_event_lane").contains("index sorted");
        String lanes = jdbc.sql("EXPLAIN " + OutboxRelay.LANES).query(String.class).single();
        assertThat(lanes).as("the plan of the sweep's lanes").contains("outbox_event_lane").doesNotContain("tableScan");
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
