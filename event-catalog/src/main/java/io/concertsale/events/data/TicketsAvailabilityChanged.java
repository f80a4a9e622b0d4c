package io.concertsale.events.data;

import java.time.Instant;
import java.util.List;

/** A snapshot of the inventory (sent at most a few times a second, only when it changed). */
public record TicketsAvailabilityChanged(String saleId, String currency, List<TicketAvailability> ticketTypes, Instant at) {
}
