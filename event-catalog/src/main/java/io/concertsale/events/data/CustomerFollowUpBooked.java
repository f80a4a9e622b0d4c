package io.concertsale.events.data;

/** A follow-up was booked for the customer. Sent by the Zeebe router (v3+). */
public record CustomerFollowUpBooked(String sessionId, String message) {
}
