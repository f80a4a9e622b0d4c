package io.concertsale.tickets.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.tickets.TicketsContractBase;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sale and its inventory, end to end over real HTTP: a sale opened (or opened again, or replaced), its ticket
 * types and the availability snapshots it states. Run on each database.
 */
abstract class InventoryContract extends TicketsContractBase {

    // --- sale setup and inventory -------------------------------------------------------------------------------

    @Test
    void openedSaleOffersItsTicketTypesWithEveryTicketAvailable() {
        JsonNode types = getJson("/api/ticket-types");

        assertThat(types).hasSize(2);
        assertThat(types.get(0).path("type").asString()).isEqualTo(STANDING);
        assertThat(types.get(0).path("name").asString()).isEqualTo("Standing");
        assertThat(types.get(0).path("price").decimalValue()).isEqualByComparingTo(STANDING_PRICE);
        assertThat(types.get(0).path("total").asInt()).isEqualTo(50);
        assertThat(types.get(0).path("available").asInt()).isEqualTo(50);
        assertThat(types.get(1).path("type").asString()).isEqualTo(VIP);
        assertThat(types.get(1).path("available").asInt()).isEqualTo(10);
    }

    @Test
    void inventorySnapshotsFollowEveryChangeCoalescedAndOnlyWhenSomethingChanged() {
        reserve(session(), STANDING, 2);
        reserve(session(), VIP, 1);

        CloudEvent latest = SINK.await(event -> snapshotOfThisSale(event)
                && availability(event, STANDING).available() == 48 && availability(event, VIP).available() == 9, WAIT);
        assertThat(availability(latest, STANDING)).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new TicketAvailability(STANDING, "Standing", STANDING_PRICE, 50, 48, 2, 0));
        assertThat(SaleEvents.data(latest, TicketsAvailabilityChanged.class).currency()).isEqualTo("EUR");
        List<List<TicketAvailability>> snapshots = SINK.events(EventTypes.TICKETS_AVAILABILITY_CHANGED).stream()
                .filter(this::snapshotOfThisSale)
                .map(event -> SaleEvents.data(event, TicketsAvailabilityChanged.class).ticketTypes()).toList();
        for (int i = 1; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).isNotEqualTo(snapshots.get(i - 1));
        }
        JsonNode served = getJson("/api/ticket-types");
        assertThat(served.get(0).path("available").asInt()).isEqualTo(48);
        assertThat(served.get(0).path("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void saleOpenedAgainForTheOpenSaleChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, List.of(
                new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)), clock.instant())));

        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));
    }

    @Test
    void newSaleReplacesThePreviousOneAndClearsItsReservations() {
        TicketsReserved reserved = reserve(session(), STANDING, 2);
        String previous = saleId;

        open(List.of(new TicketTypeSpec("SEATED", "Seated", new BigDecimal("75.00"), 100)));

        assertThat(saleId).isNotEqualTo(previous);
        assertThat(get("/api/reservations/" + reserved.reservationId()).statusCode()).isEqualTo(404);
        JsonNode types = getJson("/api/ticket-types");
        assertThat(types).hasSize(1);
        assertThat(types.get(0).path("type").asString()).isEqualTo("SEATED");
        assertThat(types.get(0).path("available").asInt()).isEqualTo(100);
    }

    @Test
    void saleAnnouncedLaterThanANewerOneIsIgnored() {
        String current = saleId;

        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-older", List.of(
                new TicketTypeSpec("OLD", "Old", BigDecimal.TEN, 5)), clock.instant().minus(Duration.ofHours(1)))));

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(current);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    // --- facts checked before they move anything ----------------------------------------------------------------

    @Test
    void saleOpenedFromAnyoneButTheGatewayOrDatedInTheFutureIsRefusedAndTheSaleStays() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent forged = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router")).broadcast(
                EventTypes.SALE_OPENED, saleOpened("sale-forged", List.of(new TicketTypeSpec(STANDING, "Standing",
                        BigDecimal.ONE, 1)), clock.instant()));

        assertProblem(post(forged), "source-not-producer", "urn:concertsale:frontend-gateway");
        assertProblem(post(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-next-year", List.of(
                new TicketTypeSpec(STANDING, "Standing", BigDecimal.ONE, 1)), clock.instant().plus(Duration.ofDays(365))))),
                "event-from-the-future", "dates the fact");

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(saleId);
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }
}
