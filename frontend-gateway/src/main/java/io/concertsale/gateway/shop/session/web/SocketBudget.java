package io.concertsale.gateway.shop.session.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The cap on session WebSockets open at once on this instance ({@code gateway.websocket.max-sockets}). Each socket
 * is an open file, and the process shares its limit with everything else it holds open. A handshake beyond the cap
 * is refused before the upgrade: {@code 503} with {@code Retry-After} and a problem
 * ({@code urn:concertsale:problem:websocket-unavailable}). Handshakes that raced past that check and find the cap
 * reached once open are closed at once with {@link #NO_SOCKET_TO_SPARE} (1013, "try again later"). Either way the
 * page follows its session by polling instead.
 *
 * <p>Meters: {@value #OPEN_METER} (gauge: sockets open) and {@value #REFUSED_METER} (counter: sockets refused).
 */
@Component
public class SocketBudget implements HandshakeInterceptor {

    public static final String OPEN_METER = "gateway.websockets.open";
    public static final String REFUSED_METER = "gateway.websockets.refused";
    /** The cap was reached as the socket opened: poll, and try a socket again later. */
    public static final CloseStatus NO_SOCKET_TO_SPARE = CloseStatus.SERVICE_OVERLOAD.withReason("Try again later");

    private final int maxSockets;
    private final long retryAfterSeconds;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    public SocketBudget(GatewayProperties properties, MeterRegistry registry) {
        this.maxSockets = properties.websocket().maxSockets();
        this.retryAfterSeconds = Math.max(1, properties.websocket().refusedRetryAfter().toSeconds());
        Gauge.builder(OPEN_METER, open, AtomicInteger::get)
                .description("Session WebSockets open on this instance")
                .register(registry);
        this.refused = Counter.builder(REFUSED_METER)
                .description("Session WebSockets refused because gateway.websocket.max-sockets were open")
                .register(registry);
    }

    /** Takes a place for a socket that just opened; false, and counted as refused, when none is left. */
    boolean take() {
        while (true) {
            int taken = open.get();
            if (taken >= maxSockets) {
                refused.increment();
                return false;
            }
            if (open.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place of a socket that closed. */
    void release() {
        open.decrementAndGet();
    }

    /** Sockets open now. */
    int open() {
        return open.get();
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        if (open.get() < maxSockets) {
            return true;
        }
        refused.increment();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        // the refused page polls now: it should not keep this connection open meanwhile
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(Problems.json(HttpStatus.SERVICE_UNAVAILABLE.value(),
                Problems.type("websocket-unavailable"), "No WebSocket to spare", "The gateway holds as many WebSockets"
                        + " as it can: follow the session with GET /api/sessions/{id} and try the WebSocket again later",
                null));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // the socket takes its place once it is open (SessionSockets), and gives it back when it closes
    }
}
