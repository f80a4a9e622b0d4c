package io.concertsale.tickets;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The tickets service on the embedded default database. */
@SpringBootTest(classes = {TicketsServiceApplication.class, TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,tickets-service")
class TicketsServiceH2IT extends TicketsServiceContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }
}
