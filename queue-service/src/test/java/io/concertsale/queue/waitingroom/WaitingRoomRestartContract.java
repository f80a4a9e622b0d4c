package io.concertsale.queue.waitingroom;

import static io.concertsale.queue.QueueTestEvents.abandoned;
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
 * queue, its positions rebuilt from the table.
 */
abstract class WaitingRoomRestartContract {

    static final String SECRET = "the queue-service restart secret, 32+ chars";

    private final MutableClock clock = new MutableClock();
    private final RecordingSink sink = new RecordingSink();

    /** The same database for every start: properties for the command line. */
    abstract Map<String, Object> database();

    @AfterEach
    void stopSink() {
        sink.close();
    }

    @Test
    void aRestartedServiceCarriesOnWithTheSameQueue() {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        String saleId = "sale-" + UUID.randomUUID();
        String exitToken;

        try (ConfigurableApplicationContext first = start()) {
            QueueServiceClient queue = client(first);
            for (String name : List.of("a", "b", "c", "d", "e", "f")) {
                accept(queue, joined(prefix + name));
            }
            drain(first);
            assertThat(queued(prefix + "a")).as("nobody is admitted before the sale opens: the wait is unknown")
                    .containsExactly(new QueueCustomerQueued(prefix + "a", 1, 1, 0, -1));
            assertThat(queue.status().get("waiting").asLong()).isEqualTo(6);

            accept(queue, saleOpened(saleId, clock.instant(), 10, 2, false));
            tick(first);
            tick(first);
            accept(queue, abandoned(prefix + "d"));
            drain(first);
            assertThat(queue.entry(prefix + "b").get("state").asString()).isEqualTo("ADMITTED");
            exitToken = exits(prefix + "b").getFirst().admissionToken();
        }

        try (ConfigurableApplicationContext second = start()) {
            QueueServiceClient queue = client(second);

            assertThat(queue.entry(prefix + "c").get("position").asLong()).isEqualTo(1);
            assertThat(queue.entry(prefix + "e").get("position").asLong()).isEqualTo(2);
            assertThat(queue.entry(prefix + "f").get("position").asLong()).isEqualTo(3);
            assertThat(queue.entry(prefix + "d").get("state").asString()).isEqualTo("ABANDONED");
            accept(queue, joined(prefix + "g"));
            accept(queue, joined(prefix + "b"));
            drain(second);
            assertThat(queued(prefix + "g")).containsExactly(new QueueCustomerQueued(prefix + "g", 7, 4, 2, 1));
            assertThat(exits(prefix + "b")).hasSize(2).allSatisfy(
                    exit -> assertThat(exit.admissionToken()).isEqualTo(exitToken));

            accept(queue, issued(prefix + "a"));
            tick(second);
            tick(second);

            assertThat(queue.entry(prefix + "c").get("state").asString()).isEqualTo("ADMITTED");
            assertThat(queue.entry(prefix + "e").get("position").asLong()).isEqualTo(1);
            JsonNode status = queue.status();
            assertThat(status.get("saleId").asString()).isEqualTo(saleId);
            assertThat(status.get("admittedTotal").asLong()).isEqualTo(3);
            assertThat(status.get("active").asLong()).isEqualTo(2);
            assertThat(status.get("waiting").asLong()).isEqualTo(3);
        }
    }

    private ConfigurableApplicationContext start() {
        SpringApplication application = SaleApplication.create(QueueServiceApplication.class,
                QueueServiceApplication.NAME);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("testClock", clock));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--queue.admission.ticker-enabled=false",
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
