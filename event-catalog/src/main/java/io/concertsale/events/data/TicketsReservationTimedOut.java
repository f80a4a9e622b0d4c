package io.concertsale.events.data;

/** The process timed the reservation out: release it. Sent by the Zeebe router (v2+). */
public record TicketsReservationTimedOut(String sessionId, String reservationId) {
}
