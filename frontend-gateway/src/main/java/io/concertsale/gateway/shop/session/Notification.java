package io.concertsale.gateway.shop.session;

import java.time.Instant;

/** A message for the customer's browser: a reminder, a follow-up, a delivery notice. */
public record Notification(String kind, String message, Instant at) {
}
