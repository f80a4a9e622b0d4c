package io.concertsale.events.data;

import java.time.Instant;

/** A customer joined the waiting room. */
public record QueueCustomerJoined(String sessionId, Instant joinedAt) {
}
