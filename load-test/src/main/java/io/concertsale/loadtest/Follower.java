package io.concertsale.loadtest;

import java.time.Duration;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * Follows one session the way the gateway says in each state's {@code follow}, as the shop's page does
 * ({@code live-session.js}): over the WebSocket when told {@code WEBSOCKET} (near the front of the queue, and from
 * admission on), by polling {@code GET /api/sessions/{id}} after {@code refreshAfterSeconds} when told {@code POLL}
 * (further back). A socket that is refused (503 before the upgrade, or closed with 1013), cannot be opened or drops
 * is tried again after a backoff (at least the refusal's {@code Retry-After}), and the fan polls meanwhile as often as
 * the gateway says. Once a socket opens after such a failure the fan catches up with one GET, as before.
 *
 * <p>It decides, the fan acts ({@link Actions}); every call comes under the fan's lock. States without a hint change
 * nothing.
 */
final class Follower {

    enum Mode { WEBSOCKET, POLL }

    /** A state's {@code follow}. */
    record Hint(Mode mode, Duration refreshAfter) {

        /** The hint of a session state, or null when it has none. */
        static Hint of(JsonNode session) {
            JsonNode follow = session.path("follow");
            if (!follow.isObject()) {
                return null;
            }
            Mode mode = "POLL".equals(follow.path("mode").asString("")) ? Mode.POLL : Mode.WEBSOCKET;
            return new Hint(mode, Duration.ofSeconds(Math.max(1, follow.path("refreshAfterSeconds").asLong(2))));
        }
    }

    /** What following makes the fan do. */
    interface Actions {

        /** Opens the session's WebSocket; {@link #opened} or {@link #lost} follows. */
        void connect();

        /** Closes the socket that is open or opening, without a {@link #lost} for it. */
        void disconnect();

        /** Calls {@link #wake} after the delay, instead of any wake asked for earlier. */
        void wakeAfter(Duration delay);

        void cancelWake();

        /** Reads the session ({@code GET}); {@link #polled} and then the state's hint follow. */
        void poll();

        /** Reads the session once after a socket opened again: what happened while it was down. */
        void catchUp();
    }

    private enum Socket { NONE, OPENING, OPEN }

    private final Actions actions;
    private final LongSupplier nanoClock;
    private Hint hint;
    private Socket socket = Socket.NONE;
    private boolean polling;
    private boolean stopped;
    /** Sockets refused, failed or dropped since the last one that opened. */
    private int failures;
    private long retryAtNanos;

    Follower(Actions actions, LongSupplier nanoClock) {
        this.actions = actions;
        this.nanoClock = nanoClock;
    }

    /** A state arrived (pushed, polled, looked up, or the answer to a command) with this hint. */
    void onState(Hint next) {
        if (stopped || next == null) {
            return;
        }
        hint = next;
        if (next.mode() == Mode.POLL) {
            if (socket != Socket.NONE) {
                socket = Socket.NONE;
                actions.disconnect();
            }
            actions.wakeAfter(next.refreshAfter());
            return;
        }
        if (socket == Socket.OPEN) {
            actions.cancelWake();
        } else if (socket == Socket.NONE) {
            long waitNanos = retryAtNanos - nanoClock.getAsLong();
            if (waitNanos <= 0) {
                connect();
            } else {
                actions.wakeAfter(min(next.refreshAfter(), Duration.ofNanos(waitNanos)));
            }
        }
    }

    /**
     * The socket opened.
     *
     * @return true when it opened again after a failure (the fan caught up with a GET)
     */
    boolean opened() {
        if (stopped || socket != Socket.OPENING) {
            return false;
        }
        if (hint == null || hint.mode() != Mode.WEBSOCKET) {
            socket = Socket.NONE;
            actions.disconnect();
            return false;
        }
        boolean again = failures > 0;
        failures = 0;
        retryAtNanos = 0;
        socket = Socket.OPEN;
        actions.cancelWake();
        if (again) {
            actions.catchUp();
        }
        return again;
    }

    /**
     * The socket was refused, could not be opened, or closed (not by the fan): try another after a backoff, at least
     * {@code retryAfter}, and poll meanwhile.
     */
    void lost(Duration retryAfter) {
        if (stopped) {
            return;
        }
        socket = Socket.NONE;
        failures++;
        Duration delay = max(Retries.backoff(failures), retryAfter);
        retryAtNanos = nanoClock.getAsLong() + delay.toNanos();
        Duration refresh = hint == null ? delay : hint.refreshAfter();
        actions.wakeAfter(hint == null || hint.mode() == Mode.WEBSOCKET ? min(refresh, delay) : refresh);
    }

    /** A wake asked for came: open the socket if the gateway said so and it may be tried again, or poll. */
    void wake() {
        if (stopped || socket != Socket.NONE) {
            return;
        }
        if ((hint == null || hint.mode() == Mode.WEBSOCKET) && nanoClock.getAsLong() >= retryAtNanos) {
            connect();
        } else if (!polling) {
            polling = true;
            actions.poll();
        }
    }

    /** The poll's answer came (its state follows). */
    void polled() {
        polling = false;
    }

    /** The fan is done: no more sockets, no more polls. */
    void stop() {
        stopped = true;
        actions.cancelWake();
        if (socket != Socket.NONE) {
            socket = Socket.NONE;
            actions.disconnect();
        }
    }

    @Override
    public String toString() {
        return "told " + (hint == null ? "nothing" : hint.mode() + " every " + hint.refreshAfter().toSeconds() + " s")
                + ", socket " + socket + (polling ? ", a poll under way" : "") + (stopped ? ", stopped" : "");
    }

    boolean socketOpen() {
        return socket == Socket.OPEN;
    }

    private void connect() {
        socket = Socket.OPENING;
        actions.cancelWake();
        actions.connect();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
