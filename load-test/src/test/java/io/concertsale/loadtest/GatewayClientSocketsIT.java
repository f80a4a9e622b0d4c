package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.config.EventKitAutoConfiguration;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The simulator's WebSockets against a real Tomcat, the gateway's server: a fan who polled for a long time still opens
 * its socket. The JDK's client takes a plain connection for a WebSocket handshake from the pool its requests use, and
 * Tomcat answers the last request a kept-alive connection may serve ({@code server.tomcat.max-keep-alive-requests},
 * 100) with {@code Connection: close}, on a {@code 101} too, which the JDK refuses ("Connection multivalued"): in a
 * 100,000-fan run four fans failed so. A browser opens its WebSockets on connections of their own, and so does the
 * simulator now.
 */
@SpringBootTest(classes = GatewayClientSocketsIT.Gateway.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.tomcat.max-keep-alive-requests=100")
class GatewayClientSocketsIT {

    @LocalServerPort
    int port;

    @Test
    void aFanOpensItsSocketAfterPollingOnOneConnectionUpToItsLastRequest() throws Exception {
        GatewayClient gateway = new GatewayClient(URI.create("http://localhost:" + port), null,
                new Retries(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
        for (int poll = 1; poll <= 99; poll++) {
            assertThat(gateway.poll("fan-1").get(10, TimeUnit.SECONDS).path("sessionId").asString())
                    .isEqualTo("fan-1");
        }

        CompletableFuture<CharSequence> greeting = new CompletableFuture<>();
        WebSocket socket = gateway.connect("fan-1", new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                greeting.complete(data);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);

        assertThat(greeting.get(10, TimeUnit.SECONDS).toString()).isEqualTo("hello fan-1");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    /** A gateway as far as the simulator's socket needs one: the session's state, and its WebSocket. */
    @SpringBootApplication(exclude = EventKitAutoConfiguration.class)
    @EnableWebSocket
    @RestController
    static class Gateway {

        @GetMapping("/api/sessions/{id}")
        Map<String, String> session(@PathVariable String id) {
            return Map.of("sessionId", id, "stage", "QUEUED");
        }

        @Bean
        WebSocketConfigurer sockets() {
            return registry -> registry.addHandler(new TextWebSocketHandler() {
                @Override
                public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                    String path = session.getUri().getPath();
                    session.sendMessage(new TextMessage("hello " + path.substring(path.lastIndexOf('/') + 1)));
                }
            }, "/ws/sessions/*");
        }
    }
}
