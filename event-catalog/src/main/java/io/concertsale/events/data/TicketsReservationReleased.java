package io.concertsale.events.data;

/**
 * A hold was given back before it ran out.
 *
 * @param reason {@code ABANDONED} (the customer left) or {@code CLEAN_UP} (the process cleaned the session up)
 */
public record TicketsReservationReleased(
        String sessionId, String reservationId, String ticketType, int quantity, String reason) {
}
