package io.concertsale.tickets.events;

import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.tickets.inventory.events.SaleEventHandlers;
import io.concertsale.tickets.payment.events.PaymentEventHandlers;
import io.concertsale.tickets.reservation.events.ReservationEventHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The events the tickets service consumes: each feature subscribes its handlers. */
@Configuration(proxyBeanMethods = false)
public class TicketsSubscriptions {

    @Bean
    EventSubscriptions ticketsEventSubscriptions(SaleEventHandlers sale, ReservationEventHandlers reservations,
            PaymentEventHandlers payments) {
        EventSubscriptions.Builder subscriptions = EventSubscriptions.builder();
        sale.subscribe(subscriptions);
        reservations.subscribe(subscriptions);
        payments.subscribe(subscriptions);
        return subscriptions.build();
    }
}
