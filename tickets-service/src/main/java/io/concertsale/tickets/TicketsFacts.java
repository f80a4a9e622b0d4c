package io.concertsale.tickets;

import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReserved;

/**
 * The facts the tickets service establishes. Stated inside the transaction that changed the state, they leave as
 * events once it commits, and never when it rolls back.
 */
public interface TicketsFacts {

    void reserved(TicketsReserved reserved);

    void rejected(TicketsReservationRejected rejected);

    void expired(TicketsReservationExpired expired);

    void released(TicketsReservationReleased released);

    void paymentPending(TicketsPaymentPending pending);

    void paymentAuthorized(TicketsPaymentAuthorized authorized);

    void paymentDeclined(TicketsPaymentDeclined declined);

    void issued(TicketsIssued issued);

    void availabilityChanged(TicketsAvailabilityChanged availability);
}
