package io.concertsale.eventkit.ingress;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.eventkit.http.DirectEndpointFilter;
import io.concertsale.eventkit.outbox.EventPublisher;
import io.concertsale.eventkit.test.RequestsSeen;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A tiny consumer for the ingress tests: it counts joins in its database and answers each with an event. */
@SpringBootApplication
class EventIngressTestApplication {

    static final String NAME = "ingress-test";

    /** Sees every request that goes the ordinary way through the filters, right behind the direct endpoints. */
    @Bean
    FilterRegistrationBean<RequestsSeen> requestsSeen() {
        FilterRegistrationBean<RequestsSeen> registration = new FilterRegistrationBean<>(new RequestsSeen());
        registration.setOrder(DirectEndpointFilter.ORDER + 1);
        return registration;
    }

    @Bean
    EventSubscriptions subscriptions(JdbcClient jdbc, EventPublisher publisher, SaleEvents events) {
        return EventSubscriptions.builder()
                .onDated(EventTypes.QUEUE_CUSTOMER_JOINED, QueueCustomerJoined.class, QueueCustomerJoined::joinedAt, event -> {
                    jdbc.sql("INSERT INTO joined (session_id) VALUES (:id)").param("id", event.data().sessionId()).update();
                    publisher.publish(events.journey(EventTypes.QUEUE_CUSTOMER_QUEUED, event.correlationKey(),
                            new QueueCustomerQueued(event.data().sessionId(), 1, 1, 0, 0)));
                })
                .build();
    }
}
