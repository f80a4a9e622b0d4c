package io.concertsale.tickets.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.outbox.EventPublisher;
import io.concertsale.tickets.TicketsFacts;
import org.springframework.stereotype.Component;

/** States the facts as CloudEvents through the outbox, correlated by the customer's session id. */
@Component
class OutboxTicketsFacts implements TicketsFacts {

    private final EventPublisher publisher;
    private final SaleEvents events;

    OutboxTicketsFacts(EventPublisher publisher, SaleEvents events) {
        this.publisher = publisher;
        this.events = events;
    }

    @Override
    public void reserved(TicketsReserved reserved) {
        journey(EventTypes.TICKETS_RESERVED, reserved.sessionId(), reserved);
    }

    @Override
    public void rejected(TicketsReservationRejected rejected) {
        journey(EventTypes.TICKETS_RESERVATION_REJECTED, rejected.sessionId(), rejected);
    }

    @Override
    public void expired(TicketsReservationExpired expired) {
        journey(EventTypes.TICKETS_RESERVATION_EXPIRED, expired.sessionId(), expired);
    }

    @Override
    public void released(TicketsReservationReleased released) {
        journey(EventTypes.TICKETS_RESERVATION_RELEASED, released.sessionId(), released);
    }

    @Override
    public void paymentPending(TicketsPaymentPending pending) {
        journey(EventTypes.TICKETS_PAYMENT_PENDING, pending.sessionId(), pending);
    }

    @Override
    public void paymentAuthorized(TicketsPaymentAuthorized authorized) {
        journey(EventTypes.TICKETS_PAYMENT_AUTHORIZED, authorized.sessionId(), authorized);
    }

    @Override
    public void paymentDeclined(TicketsPaymentDeclined declined) {
        journey(EventTypes.TICKETS_PAYMENT_DECLINED, declined.sessionId(), declined);
    }

    @Override
    public void issued(TicketsIssued issued) {
        journey(EventTypes.TICKETS_ISSUED, issued.sessionId(), issued);
    }

    @Override
    public void availabilityChanged(TicketsAvailabilityChanged availability) {
        publisher.publish(events.broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED, availability));
    }

    private void journey(String type, String sessionId, Object data) {
        publisher.publish(events.journey(type, sessionId, data));
    }
}
