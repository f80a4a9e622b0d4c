package io.concertsale.events.data;

/** The customer abandoned mid-purchase: release everything they hold. Sent by the Zeebe router (v3+). */
public record SessionCleanUp(String sessionId) {
}
