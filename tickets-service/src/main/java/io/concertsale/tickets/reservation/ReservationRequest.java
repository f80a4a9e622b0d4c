package io.concertsale.tickets.reservation;

/** A customer asks to hold {@code quantity} tickets of a type, presenting their admission token. */
public record ReservationRequest(String sessionId, String ticketType, int quantity, String admissionToken) {
}
