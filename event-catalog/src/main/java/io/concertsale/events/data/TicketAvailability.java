package io.concertsale.events.data;

import java.math.BigDecimal;

/** Inventory of one ticket type: {@code total = available + reserved + sold}. */
public record TicketAvailability(
        String type, String name, BigDecimal price, int total, int available, int reserved, int sold) {
}
