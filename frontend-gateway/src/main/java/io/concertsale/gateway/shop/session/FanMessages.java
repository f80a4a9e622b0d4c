package io.concertsale.gateway.shop.session;

import io.concertsale.events.data.CustomerFollowUpBooked;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.events.data.TicketsReservationReleased;

/**
 * The shop's words for what the other services' facts mean to a fan: the notifications a session's view lists
 * ({@link SessionView#notifications()}, shown by the page as toasts and under "Messages from the shop") and the exit
 * message of a waiting fan when the sale closes. The event handlers only say which fact happened.
 */
public final class FanMessages {

    /** The exit message of every waiting session when the queue closes ({@code Queue.Closed}). */
    public static final String SOLD_OUT = "Sold out: every ticket has been sold.";

    private FanMessages() {
    }

    /**
     * A notification for a session.
     *
     * @param once whether the session gets it at most once (a redelivered or repeated fact adds no second one)
     */
    public record Notice(String kind, String message, boolean once) {
    }

    /** {@code Tickets.ReservationReleased}: held tickets went back. */
    public static Notice released(TicketsReservationReleased released) {
        return new Notice("RESERVATION_RELEASED", "Your " + released.quantity() + " " + released.ticketType()
                + " ticket" + (released.quantity() == 1 ? " was" : "s were") + " released.", true);
    }

    /** {@code Tickets.Emitted}: the process delivered the tickets. */
    public static Notice ticketsEmitted() {
        return new Notice("TICKETS_EMITTED", "Your tickets have been delivered.", true);
    }

    /** {@code Payments.MoneyTransferRequested}: this order is paid by bank transfer. */
    public static Notice moneyTransferRequired() {
        return new Notice("MONEY_TRANSFER_REQUIRED",
                "Orders of this size are paid by bank transfer: choose bank transfer to get the payment instructions.",
                true);
    }

    /** {@code Notifications.Requested}: the process's own message, of its kind ({@code INFO} when it names none). */
    public static Notice requested(NotificationsRequested requested) {
        return new Notice(requested.kind() != null ? requested.kind() : "INFO", requested.message(), false);
    }

    /** {@code Customer.FollowUpBooked}: its message, or ours when it has none. */
    public static Notice followUpBooked(CustomerFollowUpBooked booked) {
        return new Notice("FOLLOW_UP_BOOKED",
                booked.message() != null ? booked.message() : "We booked a follow-up with you.", true);
    }
}
