package io.concertsale.tickets.inventory;

import io.concertsale.events.data.TicketAvailability;
import java.math.BigDecimal;

/** A ticket type of the open sale and its inventory: {@code total = available + reserved + sold}. */
public record TicketType(
        String saleId, String type, String name, BigDecimal price, int total, int available, int reserved,
        int sold) {

    /** The name to show: the display name, or the code when there is none. */
    public String label() {
        return name == null || name.isBlank() ? type : name;
    }

    public TicketAvailability availability() {
        return new TicketAvailability(type, name, price, total, available, reserved, sold);
    }
}
