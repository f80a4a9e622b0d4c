package io.concertsale.gateway.shop.session;

/**
 * How the session's page should follow it (the session's {@code follow}): over the WebSocket, or by polling
 * {@code GET /api/sessions/{id}}.
 *
 * @param mode {@link Mode#WEBSOCKET} or {@link Mode#POLL}
 * @param refreshAfterSeconds when to read the session again while polling; with {@code WEBSOCKET}, how often to poll
 *        while a socket cannot be had (refused, or the network in the way)
 */
public record Follow(Mode mode, long refreshAfterSeconds) {

    public enum Mode {
        /** Open {@code /ws/sessions/{id}}: the gateway pushes every change. */
        WEBSOCKET,
        /** Read the session again after {@code refreshAfterSeconds}. */
        POLL
    }

    public static Follow websocket(long refreshAfterSeconds) {
        return new Follow(Mode.WEBSOCKET, refreshAfterSeconds);
    }

    public static Follow poll(long refreshAfterSeconds) {
        return new Follow(Mode.POLL, refreshAfterSeconds);
    }
}
