package io.concertsale.eventkit.ingress;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract with every event in a transaction of its own (no group commit), so that deliveries of one event at
 * the same time meet in separate transactions.
 */
@SpringBootTest(classes = EventIngressTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=event-kit,ingress-test", "sale.events.ingress-batch.size=1"})
@ActiveProfiles("postgres")
class EventIngressOneByOnePostgresIT extends EventIngressContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        sink(registry);
    }
}
