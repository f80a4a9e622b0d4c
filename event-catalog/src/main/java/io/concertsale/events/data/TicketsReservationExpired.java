package io.concertsale.events.data;

/**
 * A hold ran out and its tickets went back on sale.
 *
 * @param reason {@code HOLD_EXPIRED} (the service's own expiry) or {@code TIMED_OUT} (the process said so)
 */
public record TicketsReservationExpired(
        String sessionId, String reservationId, String ticketType, int quantity, String reason) {
}
