package io.concertsale.queue.waitingroom;

import static io.concertsale.queue.QueueTestEvents.issued;
import static io.concertsale.queue.QueueTestEvents.joined;
import static io.concertsale.queue.QueueTestEvents.saleOpened;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.config.SaleApplication;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.queue.MutableClock;
import io.concertsale.queue.QueueServiceApplication;
import io.concertsale.queue.QueueServiceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Nothing of the queue lives only in memory: a service started again on the same database carries on with the same
 * queue, its positions rebuilt from the table and its admission frontier read back. Each test starts on an empty
 * database, so it also shows what the service does before any sale opened.
 */
abstract class WaitingRoomRestartContract {

    static final String SECRET = "the queue-service restart secret, 32+ chars";

    static final Duration GAP_WAIT = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock();
    private final RecordingSink sink = new RecordingSink();

    /** The same database for every start: properties for the command line. */
    abstract Map<String, Object> database();

    @AfterEach
    void stopSink() {
        sink.close();
    }

    @Test
    void aRestartedServiceCarriesOnWithTheSameQueueAndTheSameFrontier() {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        String saleId = "sale-" + UUID.randomUUID();
        String exitToken;

        try (ConfigurableApplicationContext first = start()) {
            QueueServiceClient queue = client(first);
            accept(queue, saleOpened(saleId, clock.instant(), 10, 2, false));
            tick(first);
            for (String name : List.of("a", "b", "c", "e", "f")) {
                accept(queue, joined(prefix + name, saleId, number(name)));
            }
            tick(first);
            tick(first);
            drain(first);
            assertThat(queue.entry(prefix + "b").get("state").asString()).isEqualTo("ADMITTED");
            exitToken = exits(prefix + "b").getFirst().admissionToken();
        }

        try (ConfigurableApplicationContext second = start()) {
            QueueServiceClient queue = client(second);

            assertThat(queue.entry(prefix + "c").get("position").asLong()).isEqualTo(1);
            assertThat(queue.entry(prefix + "e").get("position").asLong()).isEqualTo(2);
            assertThat(queue.entry(prefix + "f").get("position").asLong()).isEqualTo(3);
            accept(queue, joined(prefix + "g", saleId, number("g")));
            accept(queue, joined(prefix + "b", saleId, number("b")));
            drain(second);
            assertThat(queued(prefix + "g")).containsExactly(new QueueCustomerQueued(prefix + "g", 7, 4, 2, 1));
            assertThat(exits(prefix + "b")).hasSize(2).allSatisfy(
                    exit -> assertThat(exit.admissionToken()).isEqualTo(exitToken));

            accept(queue, issued(prefix + "a"));
            accept(queue, issued(prefix + "b"));
            tick(second);
            tick(second);
            assertThat(queue.entry(prefix + "c").get("state").asString()).isEqualTo("ADMITTED");
            assertThat(queue.entry(prefix + "e").get("state").asString())
                    .as("number 4 is still on its way: the frontier stayed at 3 across the restart")
                    .isEqualTo("WAITING");

            accept(queue, joined(prefix + "d", saleId, number("d")));
            tick(second);
            tick(second);

            assertThat(queue.entry(prefix + "d").get("state").asString()).isEqualTo("ADMITTED");
            assertThat(queue.entry(prefix + "e").get("position").asLong()).isEqualTo(1);
            JsonNode status = queue.status();
            assertThat(status.get("saleId").asString()).isEqualTo(saleId);
            assertThat(status.get("admittedTotal").asLong()).isEqualTo(4);
            assertThat(status.get("active").asLong()).isEqualTo(2);
            assertThat(status.get("waiting").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aGapSeenBeforeARestartIsSkippedOnceTheGapWaitRanOut() {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        String saleId = "sale-" + UUID.randomUUID();

        try (ConfigurableApplicationContext first = start()) {
            QueueServiceClient queue = client(first);
            accept(queue, saleOpened(saleId, clock.instant(), 10, 5, false));
            tick(first);
            accept(queue, joined(prefix + "second", saleId, 2));
            tick(first);
            assertThat(queue.entry(prefix + "second").get("state").asString()).isEqualTo("WAITING");
        }
        clock.advance(GAP_WAIT);

        try (ConfigurableApplicationContext second = start()) {
            tick(second);
            tick(second);

            assertThat(client(second).entry(prefix + "second").get("state").asString()).isEqualTo("ADMITTED");
        }
    }

    @Test
    void beforeASaleOpensNoProgressIsReportedAndJoinsWaitForTheirSale() {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        String saleId = "sale-" + UUID.randomUUID();

        try (ConfigurableApplicationContext context = start()) {
            QueueServiceClient queue = client(context);
            tick(context);
            accept(queue, joined(prefix + "early", saleId, 1));
            tick(context);
            drain(context);
            assertThat(sink.events(EventTypes.QUEUE_PROGRESSED)).as("no sale to report on").isEmpty();
            assertThat(queued(prefix + "early")).isEmpty();

            accept(queue, saleOpened(saleId, clock.instant(), 10, 5, false));
            tick(context);
            tick(context);
            drain(context);

            assertThat(queued(prefix + "early")).containsExactly(new QueueCustomerQueued(prefix + "early", 1, 1, 0, 1));
            assertThat(sink.events(EventTypes.QUEUE_PROGRESSED)).isNotEmpty().allSatisfy(event -> assertThat(
                    SaleEvents.data(event, QueueProgressed.class).saleId()).isEqualTo(saleId));
            assertThat(queue.entry(prefix + "early").get("state").asString()).isEqualTo("ADMITTED");
        }
    }

    /** The join number the gateway gave a customer: a is 1, b is 2, and so on. */
    private static long number(String name) {
        return name.charAt(0) - 'a' + 1L;
    }

    private ConfigurableApplicationContext start() {
        SpringApplication application = SaleApplication.create(QueueServiceApplication.class,
                QueueServiceApplication.NAME);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("testClock", clock));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--queue.admission.ticker-enabled=false",
                "--queue.admission.gap-wait=" + GAP_WAIT.toMillis() + "ms",
                "--sale.admission.token-secret=" + SECRET,
                "--sale.events.sink=" + sink.uri()));
        database().forEach((name, value) -> args.add("--" + name + "=" + value));
        return application.run(args.toArray(String[]::new));
    }

    private static QueueServiceClient client(ConfigurableApplicationContext context) {
        return new QueueServiceClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private void tick(ConfigurableApplicationContext context) {
        clock.advance(Duration.ofMillis(200));
        context.getBean(Admissions.class).tick();
    }

    private static void accept(QueueServiceClient queue, CloudEvent event) {
        assertThat(queue.post(event).statusCode()).isEqualTo(202);
    }

    private static void drain(ConfigurableApplicationContext context) {
        OutboxRelay outbox = context.getBean(OutboxRelay.class);
        Instant deadline = Instant.now().plusSeconds(15);
        while (outbox.pending() > 0) {
            assertThat(Instant.now()).as("outbox drained in time").isBefore(deadline);
            WaitingRoomContract.sleep(20);
        }
    }

    private List<QueueCustomerQueued> queued(String sessionId) {
        return journey(sessionId, EventTypes.QUEUE_CUSTOMER_QUEUED, QueueCustomerQueued.class);
    }

    private List<QueueCustomerExited> exits(String sessionId) {
        return journey(sessionId, EventTypes.QUEUE_CUSTOMER_EXITED, QueueCustomerExited.class);
    }

    private <T> List<T> journey(String sessionId, String type, Class<T> data) {
        return sink.events(type).stream()
                .filter(event -> sessionId.equals(SaleEvents.correlationKey(event).orElse(null)))
                .map(event -> SaleEvents.data(event, data))
                .toList();
    }
}
