package io.concertsale.queue.waitingroom;

import static io.concertsale.queue.QueueTestEvents.admissionUpdated;
import static io.concertsale.queue.QueueTestEvents.joined;
import static io.concertsale.queue.QueueTestEvents.saleOpened;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.eventkit.config.SaleApplication;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.queue.QueueServiceApplication;
import io.concertsale.queue.QueueServiceClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of the queue service on one PostgreSQL schema, as a rollout or a scaled-out sale runs them: joins
 * reach either instance, both run their admission ticker, and still the queue admits in the gateway's order, each
 * customer once, at the sale's rate, with one set of positions; when the instance that admits stops, the other
 * takes over, and when it dies, once its lease ran out.
 */
class TwoInstancesPostgresIT {

    static final String SECRET = "the queue-service two-instance secret, 32+ chars";
    static final double RATE = 40;
    static final int FANS = 200;

    private final RecordingSink sink = new RecordingSink();
    private final Map<String, Object> database = new HashMap<>();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String saleId = "sale-" + UUID.randomUUID();

    TwoInstancesPostgresIT() {
        TestDatabases.postgres((name, value) -> database.put(name, value.get()));
        database.put("spring.profiles.active", "postgres");
    }

    @AfterEach
    void stop() {
        contexts.forEach(ConfigurableApplicationContext::close);
        sink.close();
    }

    @Test
    void twoInstancesAdmitInTheGatewaysOrderEachCustomerOnceAtTheSalesRateWithOneSetOfPositions() throws Exception {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        List<QueueServiceClient> instances = List.of(client(first), client(second));
        accept(instances.get(0), saleOpened(saleId, Instant.now(), RATE, 1000, true));

        joinConcurrently(instances);

        List<String> waiting = IntStream.rangeClosed(1, FANS).mapToObj(this::session).toList();
        for (QueueServiceClient instance : instances) {
            List<Long> positions = waiting.stream()
                    .map(session -> instance.entry(session).path("position").asLong(0)).toList();
            assertThat(positions).as("positions 1..n in join order, the same on both instances")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, FANS).asLongStream().boxed().toList());
            assertThat(instance.status().get("waiting").asLong()).isEqualTo(FANS);
        }

        Instant resumed = Instant.now();
        accept(instances.get(1), admissionUpdated(saleId, Instant.now(), RATE, 1000, false));
        Thread.sleep(2000);
        long admittedSoFar = admitted();
        double allowed = RATE * Duration.between(resumed, Instant.now()).toMillis() / 1000.0 + 3;
        assertThat((double) admittedSoFar).as("admitted within %s ms at %s a second",
                Duration.between(resumed, Instant.now()).toMillis(), RATE).isLessThanOrEqualTo(allowed);
        assertThat(admittedSoFar).as("admission runs").isPositive();

        accept(instances.get(0), admissionUpdated(saleId, Instant.now(), RATE, 1000, true));
        Thread.sleep(500);
        List<Long> waitingNumbers = jdbc(first).sql("""
                        SELECT number FROM queue_entry WHERE state = 'WAITING' ORDER BY number""")
                .query(Long.class).list();
        assertThat(waitingNumbers).as("those admitted are the lowest numbers").hasSize(FANS - (int) admitted())
                .first().isEqualTo(admitted() + 1);
        for (QueueServiceClient instance : instances) {
            List<Long> positions = waitingNumbers.stream()
                    .map(number -> instance.entry(session(number.intValue())).path("position").asLong(0)).toList();
            assertThat(positions).as("positions 1..n of those still waiting, on both instances")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, waitingNumbers.size()).boxed().toList());
        }
        accept(instances.get(1), admissionUpdated(saleId, Instant.now(), RATE, 1000, false));

        awaitAdmitted(FANS, Duration.ofSeconds(30));
        assertFifoAndOnce(first);
    }

    @Test
    void whenTheAdmittingInstanceStopsTheOtherTakesOver() throws Exception {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        List<QueueServiceClient> instances = List.of(client(first), client(second));
        accept(instances.get(0), saleOpened(saleId, Instant.now(), RATE, 1000, true));
        joinConcurrently(instances);
        accept(instances.get(1), admissionUpdated(saleId, Instant.now(), RATE, 1000, false));
        awaitAdmitted(20, Duration.ofSeconds(20));

        ConfigurableApplicationContext leader = leader(first, second);
        ConfigurableApplicationContext other = leader == first ? second : first;
        leader.close();
        contexts.remove(leader);
        long admittedAtStop = admitted();

        awaitAdmitted(FANS, Duration.ofSeconds(30));
        assertThat(admitted()).isGreaterThan(admittedAtStop);
        assertThat(other.getBean(AdmissionLease.class).leading()).as("the other instance admits now").isTrue();
        assertFifoAndOnce(other);
    }

    @Test
    void theLeaseOfAnInstanceThatDiedHoldsAdmissionBackUntilItRunsOut() throws Exception {
        ConfigurableApplicationContext only = start();
        QueueServiceClient queue = client(only);
        accept(queue, saleOpened(saleId, Instant.now(), RATE, 1000, false));
        Instant leaseEnds = Instant.now().plusSeconds(2);
        jdbc(only).sql("UPDATE queue_ticker SET holder = 'an instance that died', lease_until = :until")
                .param("until", SqlTime.of(leaseEnds))
                .update();
        for (int number = 1; number <= 20; number++) {
            accept(queue, joined(session(number), saleId, number));
        }

        Thread.sleep(1000);
        assertThat(admitted()).as("the lease has not run out").isZero();
        assertThat(only.getBean(AdmissionLease.class).leading()).isFalse();

        awaitAdmitted(20, Duration.ofSeconds(20));
        Instant firstAdmitted = jdbc(only).sql("SELECT MIN(admitted_at) AS earliest FROM queue_entry")
                .query((rs, n) -> SqlTime.instant(rs, "earliest")).single();
        assertThat(firstAdmitted).isAfterOrEqualTo(leaseEnds);
        assertThat(only.getBean(AdmissionLease.class).leading()).isTrue();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** FANS joins numbered 1..FANS, sent by eight threads in a shuffled order, alternately to each instance. */
    private void joinConcurrently(List<QueueServiceClient> instances) throws Exception {
        List<Integer> numbers = new ArrayList<>(IntStream.rangeClosed(1, FANS).boxed().toList());
        Collections.shuffle(numbers, new Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int number : numbers) {
                sent.add(pool.submit(() -> accept(instances.get(number % 2), joined(session(number), saleId, number))));
            }
            for (Future<?> join : sent) {
                join.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every admitted customer has a lower number than every one still waiting, and was admitted once. */
    private void assertFifoAndOnce(ConfigurableApplicationContext context) {
        List<Instant> admittedInNumberOrder = jdbc(context).sql("""
                        SELECT admitted_at FROM queue_entry WHERE admitted_at IS NOT NULL ORDER BY number""")
                .query((rs, n) -> SqlTime.instant(rs, "admitted_at")).list();
        assertThat(admittedInNumberOrder).as("admitted in number order").hasSize(FANS).isSorted();
        Map<String, List<QueueCustomerExited>> exits = sink.events(EventTypes.QUEUE_CUSTOMER_EXITED).stream()
                .collect(Collectors.toMap(CloudEvent::getId, event -> event, (a, b) -> a))
                .values().stream()
                .map(event -> SaleEvents.data(event, QueueCustomerExited.class))
                .collect(Collectors.groupingBy(QueueCustomerExited::sessionId));
        assertThat(exits).as("one Queue.CustomerExited per customer").hasSize(FANS)
                .allSatisfy((session, facts) -> assertThat(facts).as(session).hasSize(1));
        assertThat(jdbc(context).sql("SELECT admitted_total FROM queue_sale").query(Long.class).single())
                .isEqualTo(FANS);
    }

    private long admitted() {
        ConfigurableApplicationContext context = contexts.getFirst();
        return jdbc(context).sql("SELECT COUNT(*) FROM queue_entry WHERE admitted_at IS NOT NULL")
                .query(Long.class).single();
    }

    private void awaitAdmitted(int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (admitted() < count) {
            assertThat(Instant.now()).as("%d admitted in time", count).isBefore(deadline);
            Thread.sleep(50);
        }
        Instant drained = Instant.now().plusSeconds(15);
        while (sink.events(EventTypes.QUEUE_CUSTOMER_EXITED).stream().map(SaleEvents::correlationKey).distinct()
                .count() < count) {
            assertThat(Instant.now()).as("exits sent in time").isBefore(drained);
            Thread.sleep(50);
        }
    }

    private static ConfigurableApplicationContext leader(ConfigurableApplicationContext... candidates) {
        for (ConfigurableApplicationContext candidate : candidates) {
            if (candidate.getBean(AdmissionLease.class).leading()) {
                return candidate;
            }
        }
        throw new AssertionError("no instance admits");
    }

    private String session(int number) {
        return prefix + number;
    }

    private ConfigurableApplicationContext start() {
        SpringApplication application = SaleApplication.create(QueueServiceApplication.class,
                QueueServiceApplication.NAME);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--queue.admission.tick=50ms",
                "--sale.admission.token-secret=" + SECRET,
                "--sale.events.sink=" + sink.uri()));
        database.forEach((name, value) -> args.add("--" + name + "=" + value));
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private static JdbcClient jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class);
    }

    private static QueueServiceClient client(ConfigurableApplicationContext context) {
        return new QueueServiceClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static void accept(QueueServiceClient queue, CloudEvent event) {
        HttpResponse<String> response = queue.post(event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
}
