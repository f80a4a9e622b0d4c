package io.concertsale.queue.waitingroom.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.eventkit.outbox.EventPublisher;
import io.concertsale.queue.waitingroom.QueueAnnouncements;
import org.springframework.stereotype.Component;

/** Announces through the outbox: journey events carry the customer's session id, the others are broadcasts. */
@Component
class CloudEventAnnouncements implements QueueAnnouncements {

    private final EventPublisher publisher;
    private final SaleEvents events;

    CloudEventAnnouncements(EventPublisher publisher, SaleEvents events) {
        this.publisher = publisher;
        this.events = events;
    }

    @Override
    public void queued(QueueCustomerQueued queued) {
        publisher.publish(events.journey(EventTypes.QUEUE_CUSTOMER_QUEUED, queued.sessionId(), queued));
    }

    @Override
    public void exited(QueueCustomerExited exited) {
        publisher.publish(events.journey(EventTypes.QUEUE_CUSTOMER_EXITED, exited.sessionId(), exited));
    }

    @Override
    public void progressed(QueueProgressed progressed) {
        publisher.publish(events.broadcast(EventTypes.QUEUE_PROGRESSED, progressed));
    }

    @Override
    public void closed(QueueClosed closed) {
        publisher.publish(events.broadcast(EventTypes.QUEUE_CLOSED, closed));
    }
}
