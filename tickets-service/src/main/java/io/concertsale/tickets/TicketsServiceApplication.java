package io.concertsale.tickets;

import io.concertsale.events.Participants;
import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The tickets service: inventory, reservations that expire, payment with the provider, and ticket issuing. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TicketsServiceApplication {

    public static void main(String[] args) {
        SaleApplication.create(TicketsServiceApplication.class, Participants.TICKETS).run(args);
    }
}
