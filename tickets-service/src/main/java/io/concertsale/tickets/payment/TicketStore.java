package io.concertsale.tickets.payment;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.tickets.reservation.Reservation;
import java.time.Instant;
import java.util.List;

/** Where issued tickets are kept; no two tickets share a code. */
public interface TicketStore {

    /** @return false when the code is taken already (nothing was stored) */
    boolean insert(String code, Reservation reservation, Instant issuedAt);

    /** The reservation's tickets, in the order they were issued. */
    List<IssuedTicket> findByReservation(String reservationId);
}
