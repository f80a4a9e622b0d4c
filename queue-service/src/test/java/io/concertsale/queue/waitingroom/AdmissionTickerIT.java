package io.concertsale.queue.waitingroom;

import static io.concertsale.queue.QueueTestEvents.joined;
import static io.concertsale.queue.QueueTestEvents.saleOpened;
import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.queue.QueueServiceApplication;
import io.concertsale.queue.QueueServiceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scheduled ticker on the real clock: customers who join are let in on their own, in order. */
@SpringBootTest(classes = QueueServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=event-kit,queue-service",
            "queue.admission.tick=50ms",
            "sale.admission.token-secret=the queue-service ticker secret, 32+ chars"
        })
class AdmissionTickerIT {

    static final RecordingSink SINK = new RecordingSink();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("sale.events.sink", () -> SINK.uri().toString());
    }

    @AfterAll
    static void stopSink() {
        SINK.close();
    }

    @Test
    void theTickerLetsJoinedCustomersInOnItsOwnInJoinOrder() {
        QueueServiceClient queue = new QueueServiceClient(port);
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        String saleId = "sale-" + UUID.randomUUID();
        assertThat(queue.post(saleOpened(saleId, Instant.now(), 40, 100, false)).statusCode()).isEqualTo(202);
        List<String> sessions = IntStream.rangeClosed(1, 20).mapToObj(i -> prefix + i).toList();

        for (int i = 0; i < sessions.size(); i++) {
            assertThat(queue.post(joined(sessions.get(i), saleId, i + 1)).statusCode()).isEqualTo(202);
        }

        SINK.await(event -> event.getType().equals(EventTypes.QUEUE_CUSTOMER_EXITED)
                && SaleEvents.correlationKey(event).orElse("").equals(prefix + 20), Duration.ofSeconds(20));
        List<Long> admittedNumbers = sessions.stream()
                .map(session -> SaleEvents.data(SINK.await(event -> event.getType().equals(EventTypes.QUEUE_CUSTOMER_EXITED)
                        && SaleEvents.correlationKey(event).orElse("").equals(session), Duration.ofSeconds(5)),
                        QueueCustomerExited.class))
                .map(QueueCustomerExited::number)
                .toList();
        assertThat(admittedNumbers).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).asLongStream().boxed().toList());
        SINK.await(EventTypes.QUEUE_PROGRESSED, Duration.ofSeconds(5));
        assertThat(queue.status().get("admittedTotal").asLong()).isEqualTo(20);
    }
}
