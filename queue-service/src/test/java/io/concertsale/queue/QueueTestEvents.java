package io.concertsale.queue;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.data.SaleAdmissionUpdated;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReserved;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** The events other participants send the queue, as they would send them. Each call makes a fresh event id. */
public final class QueueTestEvents {

    public static final SaleEvents GATEWAY = new SaleEvents(URI.create("urn:concertsale:frontend-gateway"));
    public static final SaleEvents TICKETS = new SaleEvents(URI.create("urn:concertsale:tickets-service"));
    public static final SaleEvents ROUTER = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router"));

    private QueueTestEvents() {
    }

    public static CloudEvent saleOpened(String saleId, Instant openedAt, double rate, int cap, boolean paused) {
        return GATEWAY.broadcast(EventTypes.SALE_OPENED, new SaleOpened(saleId, "Test concert", "EUR",
                List.of(new TicketTypeSpec("STANDING", "Standing", new BigDecimal("49.00"), 100)), 4, 600,
                new AdmissionSettings(rate, cap, paused), openedAt));
    }

    public static CloudEvent admissionUpdated(String saleId, Instant at, double rate, int cap, boolean paused) {
        return GATEWAY.broadcast(EventTypes.SALE_ADMISSION_UPDATED,
                new SaleAdmissionUpdated(saleId, new AdmissionSettings(rate, cap, paused), at));
    }

    /** A join as the gateway sends it: numbered in the sale's join order, without {@code joinedAt}. */
    public static CloudEvent joined(String sessionId, String saleId, long number) {
        return GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_JOINED, sessionId,
                new QueueCustomerJoined(sessionId, null, saleId, number));
    }

    /** A leave of a customer who joined the sale with that number. */
    public static CloudEvent abandoned(String sessionId, String saleId, long number) {
        return GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, sessionId,
                new QueueCustomerAbandoned(sessionId, "LEFT", Instant.now(), saleId, number));
    }

    public static CloudEvent cleanUp(String sessionId) {
        return ROUTER.journey(EventTypes.SESSION_CLEAN_UP, sessionId, new SessionCleanUp(sessionId));
    }

    public static CloudEvent reserved(String sessionId) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVED, sessionId, new TicketsReserved(sessionId,
                "r-" + sessionId, "STANDING", 2, new BigDecimal("49.00"), new BigDecimal("98.00"), "EUR",
                Instant.now().plusSeconds(600)));
    }

    public static CloudEvent rejected(String sessionId, boolean retryable) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVATION_REJECTED, sessionId, new TicketsReservationRejected(
                sessionId, "STANDING", 2, retryable ? "NOT_ENOUGH_AVAILABLE" : "SOLD_OUT", retryable, retryable ? 1 : 0,
                null));
    }

    public static CloudEvent issued(String sessionId) {
        return TICKETS.journey(EventTypes.TICKETS_ISSUED, sessionId, new TicketsIssued(sessionId, "r-" + sessionId,
                List.of(new IssuedTicket("CODE-" + sessionId, "STANDING"))));
    }

    public static CloudEvent reservationExpired(String sessionId) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVATION_EXPIRED, sessionId, new TicketsReservationExpired(
                sessionId, "r-" + sessionId, "STANDING", 2, "HOLD_EXPIRED"));
    }

    public static CloudEvent availability(String saleId, Instant at, int available, int reserved) {
        int sold = 100 - available - reserved;
        return TICKETS.broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED, new TicketsAvailabilityChanged(saleId, "EUR",
                List.of(new TicketAvailability("STANDING", "Standing", new BigDecimal("49.00"), 100, available, reserved,
                        sold)), at));
    }
}
