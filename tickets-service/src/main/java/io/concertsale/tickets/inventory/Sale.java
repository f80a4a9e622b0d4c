package io.concertsale.tickets.inventory;

import java.time.Duration;
import java.time.Instant;

/** The sale that is open: its currency and the rules every reservation follows. */
public record Sale(
        String id, String name, String currency, int maxTicketsPerCustomer, int holdSeconds, Instant openedAt) {

    public Duration holdTime() {
        return Duration.ofSeconds(holdSeconds);
    }
}
