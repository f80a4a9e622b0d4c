package io.concertsale.loadtest;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket of a fan's session (a reconnect opens a new one): hands the fan every state pushed and what became
 * of the socket, and counts itself among the client's open sockets while it is open.
 */
final class FanSocket implements WebSocket.Listener {

    private final SimulatedCustomer fan;
    private final GatewayClient.Following following;
    private final StringBuilder frame = new StringBuilder();
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile WebSocket socket;

    FanSocket(SimulatedCustomer fan, GatewayClient.Following following) {
        this.fan = fan;
        this.following = following;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        if (open.compareAndSet(false, true)) {
            following.opened();
        }
        fan.opened(this, webSocket);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        frame.append(data);
        if (last) {
            String message = frame.toString();
            frame.setLength(0);
            try {
                fan.onSession(GatewayClient.JSON.readTree(message));
            } catch (RuntimeException e) {
                fan.badMessage(e.getMessage());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended();
        fan.lost(this, 0, Retries.message(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended();
        fan.lost(this, statusCode, reason);
        return null;
    }

    /** Closes the socket; one still opening is closed as it opens (it is then no longer the fan's socket). */
    void close() {
        WebSocket opened = socket;
        if (opened != null) {
            opened.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
        }
    }

    private void ended() {
        if (open.compareAndSet(true, false)) {
            following.closed();
        }
    }
}
