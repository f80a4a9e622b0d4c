package io.concertsale.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.trigger.EventFormat;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's HTTP/1.1 client against a real server socket that answers exactly as each test scripts, byte for byte:
 * kept-alive connections, closes, chunked answers, silence.
 */
class DeliveryClientTest {

    private final DeliveryClient client = new DeliveryClient(Duration.ofSeconds(1), Duration.ofMillis(800));
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsTheEventInBinaryModeAndReusesTheConnection() throws Exception {
        server = new RawServer((request, number) -> "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");

        for (int i = 0; i < 5; i++) {
            DeliveryClient.Response response = client.post(server.uri("/events?x=1"), event("e-" + i),
                    EventFormat.BINARY);
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.reply()).isEmpty();
        }

        assertThat(server.connections()).isEqualTo(1);
        Request first = server.requests().getFirst();
        assertThat(first.line()).isEqualTo("POST /events?x=1 HTTP/1.1");
        assertThat(first.headers()).containsEntry("host", "127.0.0.1:" + server.port())
                .containsEntry("ce-id", "e-0").containsEntry("ce-type", "Test.Happened")
                .containsEntry("ce-specversion", "1.0").containsEntry("content-type", "application/json");
        assertThat(first.body()).isEqualTo("{\"n\":1}");
    }

    @Test
    void sendsStructuredModeWhenTheTriggerAsksForJson() throws Exception {
        server = new RawServer((request, number) -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        client.post(server.uri("/"), event("s-1"), EventFormat.JSON);

        Request request = server.requests().getFirst();
        assertThat(request.headers()).containsEntry("content-type", "application/cloudevents+json");
        assertThat(request.body()).contains("\"id\":\"s-1\"").contains("\"data\":{\"n\":1}");
    }

    @Test
    void readsAChunkedReplyEvent() throws Exception {
        String body = "{\"r\":2}";
        server = new RawServer((request, number) -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Ce-Id: reply-1\r\nCe-Source: urn:test\r\nCe-Type: Test.Replied\r\nCe-Specversion: 1.0\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "3\r\n" + body.substring(0, 3) + "\r\n" + Integer.toHexString(body.length() - 3) + "\r\n"
                + body.substring(3) + "\r\n0\r\n\r\n");

        DeliveryClient.Response response = client.post(server.uri("/"), event("c-1"), EventFormat.BINARY);

        CloudEvent reply = response.reply().orElseThrow();
        assertThat(reply.getId()).isEqualTo("reply-1");
        assertThat(new String(reply.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        // and the connection is still good for the next one
        client.post(server.uri("/"), event("c-2"), EventFormat.BINARY);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void opensANewConnectionAfterTheServerSaidClose() throws Exception {
        server = new RawServer((request, number) -> "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                + RawServer.CLOSE);

        client.post(server.uri("/"), event("a"), EventFormat.BINARY);
        client.post(server.uri("/"), event("b"), EventFormat.BINARY);

        assertThat(server.requests()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void sendsOnceMoreOnANewConnectionWhenTheServerHadClosedTheIdleOne() throws Exception {
        // the server closes every connection silently after its first answer, as after a keep-alive time-out
        server = new RawServer((request, number) -> "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                + RawServer.CLOSE);

        client.post(server.uri("/"), event("first"), EventFormat.BINARY);
        Thread.sleep(100);
        DeliveryClient.Response second = client.post(server.uri("/"), event("second"), EventFormat.BINARY);

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(server.requests()).extracting(request -> request.headers().get("ce-id"))
                .containsExactly("first", "second");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerWithoutLengthLastsUntilTheServerCloses() throws Exception {
        server = new RawServer((request, number) -> "HTTP/1.0 500 Oops\r\n\r\nboom" + RawServer.CLOSE);

        DeliveryClient.Response response = client.post(server.uri("/"), event("x"), EventFormat.BINARY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.successful()).isFalse();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("boom");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        server = new RawServer((request, number) -> RawServer.SILENCE);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.post(server.uri("/"), event("slow"), EventFormat.BINARY))
                .isInstanceOf(IOException.class).hasMessageContaining("No answer within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRefusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + port + "/"), event("r"),
                EventFormat.BINARY)).isInstanceOf(IOException.class);
    }

    @Test
    void aHeaderValueWithALineBreakIsNeverWritten() throws Exception {
        server = new RawServer((request, number) -> "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        CloudEvent smuggling = CloudEventBuilder.v1(event("h")).withExtension("evil", "x\r\nX-Injected: 1").build();

        assertThatThrownBy(() -> client.post(server.uri("/"), smuggling, EventFormat.BINARY))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP does not allow");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aGarbledAnswerFails() throws Exception {
        server = new RawServer((request, number) -> "SMTP ready\r\n\r\n" + RawServer.CLOSE);

        assertThatThrownBy(() -> client.post(server.uri("/"), event("g"), EventFormat.BINARY))
                .isInstanceOf(IOException.class).hasMessageContaining("Not an HTTP/1.x answer");
    }

    private static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("urn:test")).withType("Test.Happened")
                .withDataContentType("application/json").withData("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    record Request(String line, Map<String, String> headers, String body) {
    }

    /** A server socket that reads HTTP/1.1 requests and writes the scripted bytes for each. */
    static final class RawServer implements AutoCloseable {

        /** Written after an answer: close the connection. */
        static final String CLOSE = "\u0000close";
        /** As the whole answer: say nothing, keep the connection open. */
        static final String SILENCE = "\u0000silence";

        private final ServerSocket socket;
        private final BiFunction<Request, Integer, String> answers;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();

        RawServer(BiFunction<Request, Integer, String> answers) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.answers = answers;
            Thread.ofVirtual().start(this::accept);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port() + path);
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<Request> requests() {
            return requests;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    open.add(connection);
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    Request request = read(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String answer = answers.apply(request, requests.size());
                    if (answer.equals(SILENCE)) {
                        Thread.sleep(10_000);
                        return;
                    }
                    boolean close = answer.endsWith(CLOSE);
                    out.write(answer.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (close) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Request(line, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : new ArrayList<>(open)) {
                connection.close();
            }
        }
    }
}
