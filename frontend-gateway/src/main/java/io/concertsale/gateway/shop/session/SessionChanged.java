package io.concertsale.gateway.shop.session;

/**
 * Published inside the transaction that changed a session ({@code sessionId}), or many sessions at once
 * ({@code sessionId} null, for example {@code Queue.Closed}); listeners push the new state after commit.
 */
public record SessionChanged(String sessionId) {

    public static SessionChanged all() {
        return new SessionChanged(null);
    }

    public boolean many() {
        return sessionId == null;
    }
}
