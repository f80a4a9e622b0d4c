package io.concertsale.events.data;

/** The customer picked a ticket type and quantity; the admission token proves it is their turn. */
public record TicketsRequested(String sessionId, String ticketType, int quantity, String admissionToken) {
}
