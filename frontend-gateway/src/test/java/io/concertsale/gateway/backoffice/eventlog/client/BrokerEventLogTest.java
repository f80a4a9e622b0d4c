package io.concertsale.gateway.backoffice.eventlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.events.EventJson;
import io.concertsale.gateway.backoffice.eventlog.EventLogListener;
import io.concertsale.gateway.backoffice.eventlog.EventLogQuery;
import io.concertsale.gateway.backoffice.eventlog.EventLogStream;
import io.concertsale.gateway.backoffice.eventlog.EventLogUnavailableException;
import io.concertsale.gateway.test.BrokerStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BrokerEventLogTest {

    static final BrokerStub BROKER = new BrokerStub();
    static final Duration WAIT = Duration.ofSeconds(10);

    final BrokerEventLog eventLog = new BrokerEventLog(Optional.of(BROKER.uri()), Duration.ofSeconds(2),
            null, EventJson.MAPPER);

    @AfterAll
    static void stop() {
        BROKER.close();
    }

    @Test
    void recentEventsComeFromTheBrokerWithTheFiltersPassedOn() {
        BROKER.recent("[{\"sequence\":7,\"attributes\":{\"type\":\"Tickets.Reserved\"}}]");

        JsonNode events = eventLog.recent(EventLogQuery.of(25, "Tickets.Reserved", "session 1&2"));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("sequence").asLong()).isEqualTo(7);
        assertThat(BROKER.requests().getLast().pathAndQuery())
                .isEqualTo("/api/events?limit=25&type=Tickets.Reserved&correlationkey=session+1%262");
    }

    @Test
    void brokerThatFailsOrAnswersSomethingElseIsUnavailable() {
        BROKER.failWith(500);
        assertThatThrownBy(() -> eventLog.recent(EventLogQuery.of(10, null, null)))
                .isInstanceOf(EventLogUnavailableException.class).hasMessageContaining("answered 500");

        BROKER.recent("{\"not\":\"a list\"}");
        assertThatThrownBy(() -> eventLog.recent(EventLogQuery.of(10, null, null)))
                .isInstanceOf(EventLogUnavailableException.class).hasMessageContaining("did not answer with an event log");

        BROKER.recent("<html>");
        assertThatThrownBy(() -> eventLog.recent(EventLogQuery.of(10, null, null)))
                .isInstanceOf(EventLogUnavailableException.class).hasMessageContaining("did not answer with an event log");
        BROKER.recent("[]");
    }

    @Test
    void unreachableOrMissingBrokerIsUnavailable() throws IOException {
        BrokerEventLog unreachable = new BrokerEventLog(Optional.of(URI.create("http://127.0.0.1:" + freePort())),
                Duration.ofSeconds(2), null, EventJson.MAPPER);
        assertThatThrownBy(() -> unreachable.recent(EventLogQuery.of(10, null, null)))
                .isInstanceOf(EventLogUnavailableException.class).hasMessageContaining("cannot be reached");
        assertThat(unreachable.configured()).isTrue();

        BrokerEventLog none = new BrokerEventLog(Optional.empty(), Duration.ofSeconds(2), null, EventJson.MAPPER);
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.recent(EventLogQuery.of(10, null, null)))
                .isInstanceOf(EventLogUnavailableException.class).hasMessageContaining("gateway.broker.base-url");
    }

    @Test
    void baseUrlIsNormalized() {
        BrokerEventLog relative = new BrokerEventLog(Optional.of(URI.create(BROKER.uri() + "/default/default/../../")),
                Duration.ofSeconds(2), null, EventJson.MAPPER);

        relative.recent(EventLogQuery.of(1, null, null));

        assertThat(BROKER.requests().getLast().pathAndQuery()).isEqualTo("/api/events?limit=1");
    }

    @Test
    void followedStreamHandsOverEveryEventUntilTheBrokerEndsIt() throws Exception {
        Recorder recorder = new Recorder();
        try (EventLogStream stream = eventLog.follow(EventLogQuery.of(1, "Queue.Progressed", null), 41L, recorder)) {
            assertThat(recorder.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitOpenStreams(1);
            assertThat(BROKER.requests().getLast())
                    .isEqualTo(new BrokerStub.Request("/api/events/stream?type=Queue.Progressed", "41", "GET"));

            BROKER.send("id: 42\ndata: {\"sequence\":42,\ndata: \"attributes\":{}}\n\n");
            BROKER.send("event: gap\ndata: {\"missed\":3}\n\n");
            BROKER.send("id:43\ndata:{\"sequence\":43}\n\n");

            assertThat(recorder.next()).isEqualTo("42|null|{\"sequence\":42,\n\"attributes\":{}}");
            assertThat(recorder.next()).isEqualTo("42|gap|{\"missed\":3}");
            assertThat(recorder.next()).isEqualTo("43|null|{\"sequence\":43}");
            assertThat(recorder.heartbeats).isPositive();

            BROKER.endStreams();
            assertThat(recorder.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("closed the event stream");
        }
    }

    @Test
    void closingAStreamStopsFollowingWithoutReportingAnEnd() throws Exception {
        Recorder recorder = new Recorder();
        EventLogStream stream = eventLog.follow(EventLogQuery.of(1, null, null), null, recorder);
        assertThat(recorder.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitOpenStreams(1);
        assertThat(BROKER.requests().getLast().lastEventId()).isNull();

        stream.close();

        awaitOpenStreams(0);
        assertThat(recorder.ended).isNotDone();
    }

    @Test
    void streamOfAMissingOrFailingBrokerEndsAtOnceWithTheReason() throws Exception {
        Recorder none = new Recorder();
        new BrokerEventLog(Optional.empty(), Duration.ofSeconds(2), null, EventJson.MAPPER)
                .follow(EventLogQuery.of(1, null, null), null, none);
        assertThat(none.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("no event log");
        assertThat(none.opened).isNotDone();

        BROKER.failWith(503);
        Recorder failing = new Recorder();
        eventLog.follow(EventLogQuery.of(1, null, null), null, failing);
        assertThat(failing.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("answered 503");
        BROKER.failWith(0);
    }

    private static void awaitOpenStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (BROKER.openStreams() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(BROKER.openStreams()).isEqualTo(count);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Keeps what a stream hands over. */
    static final class Recorder implements EventLogListener {

        final CompletableFuture<Boolean> opened = new CompletableFuture<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile int heartbeats;

        @Override
        public void opened() {
            opened.complete(true);
        }

        @Override
        public void event(String id, String name, String data) {
            events.add(id + "|" + name + "|" + data);
        }

        @Override
        public void heartbeat() {
            heartbeats++;
        }

        @Override
        public void ended(String reason) {
            ended.complete(reason);
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("an event within " + WAIT).isNotNull();
            return event;
        }
    }
}
