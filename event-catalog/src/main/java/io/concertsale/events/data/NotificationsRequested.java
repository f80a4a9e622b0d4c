package io.concertsale.events.data;

/**
 * A message to push to the customer's browser. Sent by the Zeebe router (v2+).
 *
 * @param kind for example {@code PAYMENT_REMINDER}, {@code FOLLOW_UP} or {@code DELIVERY}
 */
public record NotificationsRequested(String sessionId, String kind, String message) {
}
