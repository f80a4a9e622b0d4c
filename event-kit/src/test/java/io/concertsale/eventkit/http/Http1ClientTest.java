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

    @Test
    void aServerThatReadsTheRequestButNeverAnswersTimesOutAndTheNextRequestStillGoesThrough() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; !server.isClosed(); i++) {
                try {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    boolean answer = i > 0;
                    Thread.ofPlatform().daemon().start(() -> serve(socket, answer));
                } catch (IOException e) {
                    return;
                }
            }
        });
        URI target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/events");
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

    /** Reads one request (head and a 2-byte body); answers 202 when asked to, otherwise holds the connection open. */
    private static void serve(Socket socket, boolean answer) {
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
            if (!answer) {
                in.read();
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in.read();
        } catch (IOException e) {
            // the client closed the connection
        }
    }
}
