package io.concertsale.events.data;

import java.util.List;

/** The process delivered the tickets to the customer. Sent by the Zeebe router (v3+). */
public record TicketsEmitted(String sessionId, String reservationId, List<IssuedTicket> tickets) {
}
