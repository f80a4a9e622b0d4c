package io.concertsale.tickets.reservation;

import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.tickets.inventory.TicketType;
import java.util.List;

/**
 * Why no tickets were held, and whether the customer may ask again with the same admission.
 *
 * @param available tickets of the requested type available when the request was handled
 */
public record Rejection(Reason reason, boolean retryable, int available, String message) {

    /** The reasons of {@code Tickets.ReservationRejected}. */
    public enum Reason {
        SOLD_OUT, NOT_ENOUGH_AVAILABLE, OVER_LIMIT, INVALID_TOKEN, UNKNOWN_TICKET_TYPE, SALE_CLOSED
    }

    public static Rejection saleClosed() {
        return new Rejection(Reason.SALE_CLOSED, false, 0, "No sale is open");
    }

    public static Rejection invalidToken(String verdict, int available) {
        return new Rejection(Reason.INVALID_TOKEN, false, available,
                "The admission token is not valid for this session (" + verdict + ")");
    }

    public static Rejection unknownType(String type) {
        return new Rejection(Reason.UNKNOWN_TICKET_TYPE, true, 0, "This sale has no ticket type '" + type + "'");
    }

    public static Rejection overLimit(int quantity, int limit, int available) {
        return new Rejection(Reason.OVER_LIMIT, true, available,
                "At most " + limit + " tickets per customer; " + quantity + " were asked for");
    }

    /**
     * The answer when {@code quantity} tickets of {@code requested} could not be taken: sold out (final only when
     * no type has tickets left) or not enough left (the customer may ask for fewer).
     *
     * @param types every type of the sale as it stands now
     */
    public static Rejection shortfall(TicketType requested, int quantity, List<TicketType> types) {
        if (requested.available() > 0) {
            return new Rejection(Reason.NOT_ENOUGH_AVAILABLE, true, requested.available(),
                    "Only " + requested.available() + " " + requested.label() + " tickets are left; " + quantity
                            + " were asked for");
        }
        boolean othersLeft = types.stream().anyMatch(type -> type.available() > 0);
        return new Rejection(Reason.SOLD_OUT, othersLeft, 0, othersLeft
                ? requested.label() + " tickets are sold out; other ticket types are still available"
                : "The sale is sold out");
    }

    public TicketsReservationRejected event(ReservationRequest request) {
        return new TicketsReservationRejected(request.sessionId(), request.ticketType(), request.quantity(),
                reason.name(), retryable, available, message);
    }
}
