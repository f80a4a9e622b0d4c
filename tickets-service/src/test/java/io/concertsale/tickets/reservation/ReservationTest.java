package io.concertsale.tickets.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.data.TicketsReserved;
import io.concertsale.tickets.inventory.Sale;
import io.concertsale.tickets.inventory.TicketType;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReservationTest {

    static final Sale SALE = new Sale("sale-1", "Concert", "EUR", 4, 300, Instant.parse("2026-11-01T10:00:00Z"));
    static final TicketType STANDING = new TicketType("sale-1", "STANDING", "Standing", new BigDecimal("49.90"), 50,
            50, 0, 0);

    @Test
    void holdCostsTheUnitPriceTimesTheQuantityAndLastsTheHoldTime() {
        Instant now = Instant.parse("2026-11-01T10:05:00.123456789Z");

        Reservation hold = Reservation.hold("r-1", SALE, STANDING, "s-1", 3, now);

        assertThat(hold.status()).isEqualTo(ReservationStatus.HELD);
        assertThat(hold.amount()).isEqualByComparingTo("149.70");
        assertThat(hold.currency()).isEqualTo("EUR");
        assertThat(hold.createdAt()).isEqualTo(Instant.parse("2026-11-01T10:05:00.123Z"));
        assertThat(hold.expiresAt()).isEqualTo(Instant.parse("2026-11-01T10:10:00.123Z"));
    }

    @Test
    void reservedEventDescribesTheHold() {
        Reservation hold = Reservation.hold("r-1", SALE, STANDING, "s-1", 2, SALE.openedAt());

        TicketsReserved reserved = hold.reserved();

        assertThat(reserved).isEqualTo(new TicketsReserved("s-1", "r-1", "STANDING", 2, new BigDecimal("49.90"),
                new BigDecimal("99.80"), "EUR", Instant.parse("2026-11-01T10:05:00Z")));
    }

    @Test
    void onlyHeldAndPaymentPendingHoldsAreLive() {
        assertThat(ReservationStatus.values()).filteredOn(ReservationStatus::live)
                .containsExactlyInAnyOrder(ReservationStatus.HELD, ReservationStatus.PAYMENT_PENDING);
        assertThat(ReservationStatus.values()).filteredOn(ReservationStatus::ended)
                .containsExactlyInAnyOrder(ReservationStatus.EXPIRED, ReservationStatus.RELEASED);
    }
}
