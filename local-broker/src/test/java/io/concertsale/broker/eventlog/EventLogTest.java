package io.concertsale.broker.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.test.Waiting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final EventLog log = new EventLog(3, 2, Duration.ofMillis(50));

    @AfterEach
    void close() {
        log.close();
    }

    private static CloudEvent event(String id, String type) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("urn:test")).withType(type).build();
    }

    private LoggedEvent append(String id, String type) {
        return log.append(event(id, type), null, 255, List.of("trigger-a"), Instant.now());
    }

    private static List<String> ids(List<LoggedEvent> events) {
        return events.stream().map(logged -> logged.event().getId()).toList();
    }

    @Test
    void keepsTheNewestEventsNewestFirst() {
        append("1", "A");
        append("2", "B");
        append("3", "A");
        append("4", "B");

        assertThat(ids(log.recent(10, logged -> true))).containsExactly("4", "3", "2");
        assertThat(ids(log.recent(2, logged -> true))).containsExactly("4", "3");
        assertThat(ids(log.recent(10, logged -> logged.event().getType().equals("B")))).containsExactly("4", "2");
    }

    @Test
    void numbersEventsAndStartsEachDeliveryPending() {
        LoggedEvent first = append("1", "A");
        LoggedEvent second = append("2", "A");

        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(first.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.trigger()).isEqualTo("trigger-a");
            assertThat(delivery.snapshot().status()).isEqualTo(DeliveryStatus.PENDING);
        });
    }

    @Test
    void streamGetsNewEventsThatPassItsFilter() {
        RecordingStream stream = new RecordingStream();
        log.stream(logged -> logged.event().getType().equals("A"), 0, stream);
        stream.awaitOpen();

        append("1", "A");
        append("2", "B");
        append("3", "A");

        Waiting.until(() -> stream.ids.size() == 2 ? true : null, Duration.ofSeconds(5), "two events streamed");
        assertThat(stream.ids).containsExactly("1", "3");
    }

    @Test
    void streamResumesAfterTheLastEventItSaw() {
        LoggedEvent first = append("1", "A");
        append("2", "A");
        append("3", "A");
        RecordingStream stream = new RecordingStream();

        log.stream(logged -> true, first.sequence(), stream);

        Waiting.until(() -> stream.ids.size() == 2 ? true : null, Duration.ofSeconds(5), "replayed events");
        assertThat(stream.ids).containsExactly("2", "3");
    }

    @Test
    void slowStreamMissesEventsAndIsToldHowManyWithoutHoldingUpTheLog() throws InterruptedException {
        RecordingStream stream = new RecordingStream();
        stream.blockSends();
        log.stream(logged -> true, 0, stream);
        stream.awaitOpen();

        append("1", "A");
        Waiting.until(() -> stream.sending ? true : null, Duration.ofSeconds(5), "first send started");
        for (int i = 2; i <= 10; i++) {
            append(Integer.toString(i), "A");
        }
        stream.unblock();

        Waiting.until(() -> stream.ids.size() == 3 && !stream.gaps.isEmpty() ? true : null, Duration.ofSeconds(5),
                "buffered events and the gap");
        assertThat(stream.ids).containsExactly("1", "2", "3");
        assertThat(stream.gaps).containsExactly(7L);
        assertThat(log.missed()).isEqualTo(7);
    }

    @Test
    void idleStreamGetsHeartbeatsAndClosingEndsIt() {
        RecordingStream stream = new RecordingStream();
        log.stream(logged -> true, 0, stream);

        Waiting.until(() -> stream.heartbeats > 1 ? true : null, Duration.ofSeconds(5), "heartbeats");
        log.close();

        Waiting.until(() -> stream.closed ? true : null, Duration.ofSeconds(5), "stream closed");
        assertThat(log.streams()).isZero();
    }

    private static final class RecordingStream implements StreamSink {

        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<Long> gaps = new CopyOnWriteArrayList<>();
        final CountDownLatch opened = new CountDownLatch(1);
        volatile CountDownLatch gate;
        volatile boolean sending;
        volatile int heartbeats;
        volatile boolean closed;

        void blockSends() {
            gate = new CountDownLatch(1);
        }

        void unblock() {
            gate.countDown();
        }

        void awaitOpen() {
            try {
                assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void open() {
            opened.countDown();
        }

        @Override
        public void send(LoggedEvent event) {
            sending = true;
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                try {
                    waitFor.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ids.add(event.event().getId());
        }

        @Override
        public void gap(long missed) {
            gaps.add(missed);
        }

        @Override
        public void heartbeat() {
            heartbeats++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
