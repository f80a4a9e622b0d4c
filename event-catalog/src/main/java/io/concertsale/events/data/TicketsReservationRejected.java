package io.concertsale.events.data;

/**
 * No tickets were held.
 *
 * @param reason {@code SOLD_OUT}, {@code NOT_ENOUGH_AVAILABLE}, {@code OVER_LIMIT}, {@code INVALID_TOKEN},
 *        {@code UNKNOWN_TICKET_TYPE}, {@code ALREADY_RESERVED} or {@code SALE_CLOSED}
 * @param retryable true when the customer may ask again (for fewer tickets, say) with the same admission
 * @param available tickets of that type still available when the request was handled
 */
public record TicketsReservationRejected(
        String sessionId, String ticketType, int quantity, String reason, boolean retryable, int available,
        String message) {
}
