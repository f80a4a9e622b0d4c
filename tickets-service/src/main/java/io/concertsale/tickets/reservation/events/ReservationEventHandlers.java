package io.concertsale.tickets.reservation.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.ingress.IncomingEvent;
import io.concertsale.tickets.events.JourneyEvents;
import io.concertsale.tickets.reservation.Ending;
import io.concertsale.tickets.reservation.ReservationRequest;
import io.concertsale.tickets.reservation.Reservations;
import org.springframework.stereotype.Component;

/** The customer asks for tickets; the process or the customer ends a hold. */
@Component
public class ReservationEventHandlers {

    private final Reservations reservations;

    public ReservationEventHandlers(Reservations reservations) {
        this.reservations = reservations;
    }

    public void subscribe(EventSubscriptions.Builder subscriptions) {
        subscriptions
                .on(EventTypes.TICKETS_REQUESTED, TicketsRequested.class, this::requested)
                .on(EventTypes.TICKETS_RESERVATION_TIMED_OUT, TicketsReservationTimedOut.class, this::timedOut)
                .on(EventTypes.QUEUE_CUSTOMER_ABANDONED, QueueCustomerAbandoned.class, this::abandoned)
                .on(EventTypes.SESSION_CLEAN_UP, SessionCleanUp.class, this::cleanUp);
    }

    void requested(IncomingEvent<TicketsRequested> event) {
        TicketsRequested data = event.data();
        reservations.request(new ReservationRequest(JourneyEvents.session(event, data.sessionId()), data.ticketType(),
                data.quantity(), data.admissionToken()));
    }

    void timedOut(IncomingEvent<TicketsReservationTimedOut> event) {
        reservations.timeOut(JourneyEvents.session(event, event.data().sessionId()), event.data().reservationId());
    }

    void abandoned(IncomingEvent<QueueCustomerAbandoned> event) {
        reservations.release(JourneyEvents.session(event, event.data().sessionId()), Ending.ABANDONED);
    }

    void cleanUp(IncomingEvent<SessionCleanUp> event) {
        reservations.release(JourneyEvents.session(event, event.data().sessionId()), Ending.CLEAN_UP);
    }
}
