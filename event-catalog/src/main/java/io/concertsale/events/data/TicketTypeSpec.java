package io.concertsale.events.data;

import java.math.BigDecimal;

/** A ticket type offered in a sale: its code, display name, unit price and inventory. */
public record TicketTypeSpec(String type, String name, BigDecimal price, int quantity) {
}
