package io.concertsale.eventkit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.eventkit.test.RecordingSink;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
