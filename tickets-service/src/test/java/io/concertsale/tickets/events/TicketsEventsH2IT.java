package io.concertsale.tickets.events;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.tickets.TestClockConfiguration;
import io.concertsale.tickets.TicketsServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The events the tickets service takes in, on the embedded default database. */
@SpringBootTest(classes = {TicketsServiceApplication.class, TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,tickets-service")
class TicketsEventsH2IT extends TicketsEventsContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }
}
