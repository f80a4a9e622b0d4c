package io.concertsale.tickets.reservation;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.tickets.TestClockConfiguration;
import io.concertsale.tickets.TicketsServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reservations, on the embedded default database. */
@SpringBootTest(classes = {TicketsServiceApplication.class, TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,tickets-service")
class ReservationH2IT extends ReservationContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }
}
