package io.concertsale.loadtest.hop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client against real local servers: what it counts is what happened. */
class LoadGeneratorTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    private static LoadGenerator client(URI target, int concurrency) {
        return new LoadGenerator(target, HopRequest.to(target), concurrency);
    }

    /** A JDK server answering every request with a status, a chunked body, and closing the connection. */
    private static HttpServer answering(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(status, 0);
                exchange.getResponseBody().write("{\"problem\":\"busy\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/empty");
    }

    @Test
    void everyRequestSentIsAnsweredAndCounted() throws IOException {
        try (CeilingServer server = new CeilingServer()) {
            LoadGenerator.Batch batch = client(server.uri(), 4).run(SHORT, LoadGenerator.Gate.OPEN);

            assertThat(batch.sent()).isPositive();
            assertThat(batch.accepted()).isEqualTo(batch.sent());
            assertThat(batch.errors()).isZero();
            assertThat(batch.lastAnswerNanos()).isGreaterThan(batch.firstSendNanos());
        }
    }

    /** Lets a number of requests go, then none. */
    private static LoadGenerator.Gate only(int requests) {
        AtomicInteger admitted = new AtomicInteger();
        return () -> admitted.incrementAndGet() <= requests;
    }

    @Test
    void otherAnswersThan202AreErrorsAndAClosedConnectionOpensAgain() throws IOException {
        HttpServer server = answering(503);
        try {
            LoadGenerator.Batch batch = client(uri(server), 2).run(Duration.ofSeconds(3), only(6));

            assertThat(batch.sent()).isEqualTo(6);
            assertThat(batch.accepted()).isZero();
            assertThat(batch.errors()).isEqualTo(6);
            assertThat(batch.errorKinds()).containsOnlyKeys("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatIsNotThereIsCountedAsErrorsWithoutASend() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        LoadGenerator.Batch batch = client(URI.create("http://127.0.0.1:" + port + "/empty"), 2)
                .run(SHORT, LoadGenerator.Gate.OPEN);

        assertThat(batch.sent()).isZero();
        assertThat(batch.errors()).isPositive();
        assertThat(batch.errorKinds().keySet()).allSatisfy(kind -> assertThat(kind).contains("Connect"));
    }

    @Test
    void theGateDecidesHowManyGo() throws IOException {
        try (CeilingServer server = new CeilingServer()) {
            LoadGenerator.Batch batch = client(server.uri(), 4).run(SHORT, only(10));

            assertThat(batch.sent()).isEqualTo(10);
            assertThat(batch.accepted()).isEqualTo(10);
        }
    }
}
