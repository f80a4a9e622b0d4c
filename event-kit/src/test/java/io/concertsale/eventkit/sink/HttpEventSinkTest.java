package io.concertsale.eventkit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.eventkit.identity.TokenFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEventSinkTest {

    private final RecordingSink broker = new RecordingSink();
    private final CloudEvent event = new SaleEvents(URI.create("urn:concertsale:test"))
            .journey(EventTypes.SESSION_CLEAN_UP, "s-1", new SessionCleanUp("s-1"));

    @AfterEach
    void stop() {
        broker.close();
    }

    private HttpEventSink sink(URI uri) {
        return new HttpEventSink(uri, 3, Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    @Test
    void deliversInBinaryMode() {
        sink(broker.uri()).send(event);

        assertThat(broker.events()).containsExactly(event);
    }

    @Test
    void sendsTheServiceTokenAndReadsItsFileAgainWhenTheBrokerRefusesIt(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("token");
        Files.writeString(file, "first-token\n");
        TokenFile token = new TokenFile(file, Clock.systemUTC());
        HttpEventSink sink = new HttpEventSink(broker.uri(), 3, Duration.ofMillis(10), Duration.ofSeconds(2), token);
        sink.send(event);
        broker.require("Bearer renewed-token");
        Files.writeString(file, "renewed-token");

        sink.send(event);

        assertThat(broker.authorizations()).containsExactly("Bearer first-token", "Bearer first-token",
                "Bearer renewed-token");
        assertThat(broker.events()).hasSize(2);
    }

    @Test
    void aForbiddenEventIsFinal(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("token");
        Files.writeString(file, "token");
        broker.fail(1, 403);
        HttpEventSink sink = new HttpEventSink(broker.uri(), 3, Duration.ofMillis(10), Duration.ofSeconds(2),
                new TokenFile(file, Clock.systemUTC()));

        assertThatThrownBy(() -> sink.send(event)).isInstanceOf(SinkException.class)
                .satisfies(e -> assertThat(((SinkException) e).retryable()).isFalse());
        assertThat(broker.authorizations()).containsExactly("Bearer token");
    }

    @Test
    void retriesAServerErrorAndSucceeds() {
        broker.fail(2, 503);

        sink(broker.uri()).send(event);

        assertThat(broker.events()).hasSize(1);
    }

    @Test
    void givesUpAfterItsAttemptsWithARetryableFailure() {
        broker.fail(5, 429);

        assertThatThrownBy(() -> sink(broker.uri()).send(event)).isInstanceOf(SinkException.class)
                .satisfies(e -> {
                    assertThat(((SinkException) e).retryable()).isTrue();
                    assertThat(((SinkException) e).status()).isEqualTo(429);
                });
        assertThat(broker.events()).isEmpty();
    }

    @Test
    void badRequestIsFinalAndNotRetried() {
        broker.fail(1, 400);

        assertThatThrownBy(() -> sink(broker.uri()).send(event)).isInstanceOf(SinkException.class)
                .satisfies(e -> assertThat(((SinkException) e).retryable()).isFalse());
        assertThat(broker.events()).as("the second attempt would have been taken").isEmpty();
    }

    @Test
    void unreachableSinkIsRetryable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThatThrownBy(() -> sink(URI.create("http://127.0.0.1:" + port + "/default/default")).send(event))
                .isInstanceOf(SinkException.class)
                .satisfies(e -> assertThat(((SinkException) e).retryable()).isTrue());
    }

    @Test
    void knativeRetryableStatuses() {
        assertThat(HttpEventSink.retryable(404)).isTrue();
        assertThat(HttpEventSink.retryable(408)).isTrue();
        assertThat(HttpEventSink.retryable(409)).isTrue();
        assertThat(HttpEventSink.retryable(429)).isTrue();
        assertThat(HttpEventSink.retryable(500)).isTrue();
        assertThat(HttpEventSink.retryable(400)).isFalse();
        assertThat(HttpEventSink.retryable(401)).isFalse();
        assertThat(HttpEventSink.retryable(422)).isFalse();
    }
}
