package io.concertsale.gateway.shop.session.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.test.SessionSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The cap on open session WebSockets, on a real server: refused cleanly beyond it, counted, and freed on close. */
@TestPropertySource(properties = {"gateway.websocket.max-sockets=2", "gateway.websocket.refused-retry-after=7s"})
class SocketBudgetIT extends GatewayContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }

    @Test
    void handshakeBeyondTheCapIsRefusedWith503AndRetryAfterUntilASocketCloses() {
        String id = newSession();
        SessionSocket first = socket(id);
        try (SessionSocket second = socket(newSession())) {
            assertThat(first.next(WAIT).path("sessionId").asString()).isEqualTo(id);
            second.next(WAIT);

            String refused = rawHandshake(id);
            assertThat(refused).startsWith("HTTP/1.1 503");
            assertThat(refused).containsIgnoringCase("Retry-After: 7");
            assertThat(refused).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(refused).contains("\"type\":\"urn:concertsale:problem:websocket-unavailable\"");
            assertThatThrownBy(() -> socket(id)).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                    handshake -> assertThat(handshake.getResponse().statusCode()).isEqualTo(503));
            assertThat(meter(SocketBudget.OPEN_METER)).isEqualTo(2);
            assertThat(meter(SocketBudget.REFUSED_METER)).isEqualTo(2);
            assertThat(session(id).path("stage").asString()).as("the session is fine: its page polls").isEqualTo("NEW");

            first.close();
            awaitMeter(SocketBudget.OPEN_METER, 1);
            try (SessionSocket third = socket(id)) {
                assertThat(third.next(WAIT).path("sessionId").asString()).isEqualTo(id);
                assertThat(meter(SocketBudget.OPEN_METER)).isEqualTo(2);
            }
        }
    }

    private double meter(String name) {
        JsonNode metric = json(admin("GET", "/actuator/metrics/" + name, null));
        return metric.path("measurements").get(0).path("value").asDouble();
    }

    private void awaitMeter(String name, double value) {
        Instant deadline = Instant.now().plus(WAIT);
        while (meter(name) != value) {
            assertThat(Instant.now()).as("%s to read %s", name, value).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The handshake as a browser sends it, and the whole answer (status line, headers, body) as text: the gateway
     * closes the connection after a refusal, so the refused page holds no connection while it polls.
     */
    private String rawHandshake(String id) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("GET /ws/sessions/" + id + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
