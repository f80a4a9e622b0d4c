package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event plane's HTTP/1.1 client against a real socket server that misbehaves on purpose. */
class Http1ClientTest {

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private Http1Client client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        for (Socket socket : accepted) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A server that takes connections and then does nothing with them: it reads no request and writes no answer. */
    private URI silentServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setReceiveBufferSize(4096);
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/events");
    }

    @Test
    void aServerThatNeverReadsTheRequestTimesOutWhileTheClientIsStillWriting() throws IOException {
        URI target = silentServer();
        client = new Http1Client(Duration.ofSeconds(1), Duration.ofMillis(500));
        // far more than the socket buffers of both ends hold: the write itself blocks (no socket timeout covers a
        // write; before the watchdog this waited for ever)
        byte[] body = new byte[32 * 1024 * 1024];

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> client.post(target, Map.of("Content-Type", "application/json"), body))
                .isInstanceOf(IOException.class).hasMessageContaining("No answer within 500 ms"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500))
                .isLessThan(Duration.ofSeconds(5));
    }

    /** A server that reads each request and answers the first connection as it is told, the later ones with 202. */
    private URI server(Answer first) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; !server.isClosed(); i++) {
                try {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    Answer answer = i == 0 ? first : Answer.ACCEPTED;
                    Thread.ofPlatform().daemon().start(() -> serve(socket, answer));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/events");
    }

    private enum Answer {
        NONE, ACCEPTED, DRIPPING
    }

    @Test
    void aServerThatReadsTheRequestButNeverAnswersTimesOutAndTheNextRequestStillGoesThrough() throws Exception {
        URI target = server(Answer.NONE);
        client = new Http1Client(Duration.ofSeconds(1), Duration.ofMillis(300));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.post(target, Map.of(), body))
                .isInstanceOf(IOException.class).hasMessageContaining("No answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(Duration.ofSeconds(5));

        // the timed-out connection is never reused: the next request opens one of its own, which answers
        Http1Client.Response answer = client.post(target, Map.of(), body);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(accepted).hasSize(2);
    }

    @Test
    void anAnswerThatKeepsComingButTooSlowlyTimesOutAtTheDeadline() throws Exception {
        URI target = server(Answer.DRIPPING);
        client = new Http1Client(Duration.ofSeconds(1), Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.post(target, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("No answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(Duration.ofSeconds(5));
    }

    /**
     * Reads one request (head and a 2-byte body), then answers 202, holds the connection open, or sends an answer of
     * 1,000 bytes one byte every 20 ms.
     */
    private static void serve(Socket socket, Answer answer) {
        try (socket) {
            InputStream in = socket.getInputStream();
            int ends = 0;
            int previous = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                ends = b == '\n' && previous == '\r' ? ends + 1 : (b == '\r' || b == '\n' ? ends : 0);
                previous = b;
                if (ends == 2) {
                    break;
                }
            }
            in.readNBytes(2);
            OutputStream out = socket.getOutputStream();
            switch (answer) {
                case NONE -> in.read();
                case ACCEPTED -> {
                    out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    in.read();
                }
                case DRIPPING -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    for (int i = 0; i < 1000; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(20);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client closed the connection
        }
    }
}
