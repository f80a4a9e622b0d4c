package io.concertsale.tickets.reservation;

import io.concertsale.events.data.TicketsReserved;
import io.concertsale.tickets.inventory.Sale;
import io.concertsale.tickets.inventory.TicketType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tickets held for one session. The amount is the unit price times the quantity, computed here from the sale's
 * price list and never taken from the browser.
 */
public record Reservation(
        String id,
        String saleId,
        String sessionId,
        String ticketType,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal amount,
        String currency,
        ReservationStatus status,
        Instant createdAt,
        Instant expiresAt,
        String endReason,
        Instant endedAt) {

    /**
     * A new hold, {@code HELD} until the sale's hold time has passed. Its times are kept to the millisecond, so they
     * read back from any database exactly as they were announced.
     */
    public static Reservation hold(String id, Sale sale, TicketType type, String sessionId, int quantity,
            Instant now) {
        Instant created = now.truncatedTo(ChronoUnit.MILLIS);
        return new Reservation(id, sale.id(), sessionId, type.type(), quantity, type.price(),
                type.price().multiply(BigDecimal.valueOf(quantity)), sale.currency(), ReservationStatus.HELD, created,
                created.plus(sale.holdTime()), null, null);
    }

    public TicketsReserved reserved() {
        return new TicketsReserved(sessionId, id, ticketType, quantity, unitPrice, amount, currency, expiresAt);
    }
}
