package io.concertsale.tickets.reservation;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.tickets.TestClockConfiguration;
import io.concertsale.tickets.TicketsServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reservations, on PostgreSQL (profile {@code postgres}), a fresh schema per run. */
@SpringBootTest(classes = {TicketsServiceApplication.class, TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,tickets-service")
@ActiveProfiles("postgres")
class ReservationPostgresIT extends ReservationContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        collaborators(registry);
    }
}
