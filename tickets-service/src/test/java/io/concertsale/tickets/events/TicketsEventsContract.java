package io.concertsale.tickets.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventTypes;
import io.concertsale.events.Participants;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.tickets.TicketsContractBase;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The events the tickets service takes in, across its features: it consumes exactly what the event catalog names for
 * it, and a bad event is answered with problem details and changes nothing. End to end over real HTTP, run on each
 * database.
 */
abstract class TicketsEventsContract extends TicketsContractBase {

    // --- subscriptions ------------------------------------------------------------------------------------------

    @Test
    void consumesExactlyTheEventsTheCatalogNamesForTheTicketsService() {
        assertThat(subscriptions.types())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.consumedBy(Participants.TICKETS))
                .contains(EventTypes.SALE_OPENED, EventTypes.TICKETS_REQUESTED, EventTypes.TICKETS_PAYMENT_REQUESTED,
                        EventTypes.PAYMENTS_REQUEST_RECEIVED, EventTypes.PAYMENTS_AUTHORIZED,
                        EventTypes.PAYMENTS_DECLINED, EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED,
                        EventTypes.QUEUE_CUSTOMER_ABANDONED, EventTypes.TICKETS_RESERVATION_TIMED_OUT,
                        EventTypes.SESSION_CLEAN_UP);
    }

    // --- bad input ----------------------------------------------------------------------------------------------

    @Test
    void badEventsGetProblemDetailsAndChangeNothing() {
        String session = session();
        CloudEvent zeroTickets = GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 0, token(session)));
        CloudEvent otherSessionsData = GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session(), STANDING, 1, token(session)));
        CloudEvent sameTypeTwice = GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-bad", List.of(
                new TicketTypeSpec("A", "A", BigDecimal.ONE, 1), new TicketTypeSpec("A", "A", BigDecimal.TEN, 1)),
                clock.instant()));
        CloudEvent fractionOfACent = GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-bad", List.of(
                new TicketTypeSpec("A", "A", new BigDecimal("9.999"), 1)), clock.instant()));
        CloudEvent notOurs = GATEWAY.journey(EventTypes.TICKETS_RESERVED, session, new TicketsReserved(session, "r",
                STANDING, 1, BigDecimal.ONE, BigDecimal.ONE, "EUR", clock.instant()));

        assertProblem(post(zeroTickets), "invalid-data", "quantity");
        assertProblem(post(otherSessionsData), "invalid-data", "correlationkey");
        assertProblem(post(sameTypeTwice), "invalid-data", "twice");
        assertProblem(post(fractionOfACent), "invalid-data", "decimals");
        assertProblem(post(notOurs), "unknown-type", EventTypes.TICKETS_RESERVED);
        assertProblem(CloudEventRequests.raw(uri("/events"), "{\"specversion\":\"1.0\"", "Authorization", TestIdentity.delivery(), "Content-Type",
                "application/cloudevents+json"), "malformed-event", "CloudEvent");

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(saleId);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
        drained();
        assertThat(SINK.events()).noneMatch(event -> session.equals(key(event)));
    }
}
