package io.concertsale.events.data;

import java.util.List;

/** Ticket codes were issued: the sale is final. */
public record TicketsIssued(String sessionId, String reservationId, List<IssuedTicket> tickets) {
}
