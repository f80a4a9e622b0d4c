package io.concertsale.gateway.sale;

import java.math.BigDecimal;

/** A ticket type of the current sale with its latest inventory ({@code total = available + reserved + sold}). */
public record TicketTypeState(
        String type, String name, BigDecimal price, int total, int available, int reserved, int sold) {
}
