package io.concertsale.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path folder;
    private final List<EventStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(EventStore::close);
    }

    private EventStore open(long segmentSize) {
        EventStore store = EventStore.open(new EventStore.Settings(folder, segmentSize, false));
        opened.add(store);
        return store;
    }

    private static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("urn:concertsale:test")).withType("Test.Stored")
                .withDataContentType("application/json").withSubject("subject-" + id)
                .withTime(OffsetDateTime.of(2026, 12, 3, 10, 0, 0, 123_000_000, ZoneOffset.UTC))
                .withExtension("correlationkey", "session-" + id)
                .withData(("{\"id\":\"" + id + "\",\"text\":\"Grüße\"}").getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void anEventWhoseDeliveriesDidNotFinishIsReadBackWithEveryAttributeWhenTheLogIsOpenedAgain() {
        EventStore first = open(1 << 20);
        CloudEvent event = event("e-1");
        long seq = first.append(event, List.of("to-queue", "to-router"), RECEIVED, 255);

        // opened again without a clean close, as after a crash: what append acknowledged is in the file
        EventStore.StoredEvent stored = open(1 << 20).recovered().getFirst();

        assertThat(stored.seq()).isEqualTo(seq);
        assertThat(stored.event()).isEqualTo(event);
        assertThat(stored.receivedAt()).isEqualTo(RECEIVED);
        assertThat(stored.ttl()).isEqualTo(255);
        assertThat(stored.pending()).containsExactly(Map.entry("to-queue", 0), Map.entry("to-router", 0));
    }

    @Test
    void finishedDeliveriesAreNotResumedAndFinishedEventsNotAtAll() throws InterruptedException {
        EventStore first = open(1 << 20);
        long both = first.append(event("e-1"), List.of("a", "b"), RECEIVED, 255);
        long one = first.append(event("e-2"), List.of("a"), RECEIVED, 255);
        first.done(both, "a");
        first.done(one, "a");
        first.close();

        List<EventStore.StoredEvent> recovered = open(1 << 20).recovered();

        assertThat(recovered).singleElement().satisfies(stored -> {
            assertThat(stored.seq()).isEqualTo(both);
            assertThat(stored.pending()).containsOnlyKeys("b");
        });
    }

    @Test
    void aFinishedDeliveryIsWrittenOnItsOwnSoonAfterwardsWithNoAppendOrFlushToCarryIt() throws InterruptedException {
        EventStore first = open(1 << 20);
        long seq = first.append(event("e-1"), List.of("a"), RECEIVED, 255);
        long withTheEvent = first.bytes();

        // nobody waits for the mark: it must still reach the file without a later append, flush or close
        first.done(seq, "a");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (first.bytes() == withTheEvent && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(first.bytes()).isGreaterThan(withTheEvent);
        // opened again without a clean close, as after a crash: the event is not delivered a second time
        assertThat(open(1 << 20).recovered()).isEmpty();
    }

    @Test
    void theTriesADeliveryUsedSurviveARestart() {
        EventStore first = open(1 << 20);
        long seq = first.append(event("e-1"), List.of("a", "b"), RECEIVED, 255);
        first.attempted(seq, "a", 1);
        first.attempted(seq, "a", 3);
        first.close();

        assertThat(open(1 << 20).recovered().getFirst().pending()).containsEntry("a", 3).containsEntry("b", 0);
    }

    @Test
    void numbersGoOnAfterARestartSoTheyNeverRepeat() {
        EventStore first = open(1 << 20);
        long before = first.append(event("e-1"), List.of("a"), RECEIVED, 255);
        first.close();

        long after = open(1 << 20).append(event("e-2"), List.of("a"), RECEIVED, 255);

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void aRecordTornByACrashWhileItWasWrittenIsCutOffAndTheLogGoesOn() throws IOException {
        EventStore first = open(1 << 20);
        first.append(event("e-1"), List.of("a"), RECEIVED, 255);
        first.close();
        Path segment = segments().getLast();
        byte[] whole = Files.readAllBytes(segment);
        // half of a second record: its frame promises more bytes than the file holds
        Files.write(segment, java.util.Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

        EventStore second = open(1 << 20);
        assertThat(second.recovered()).extracting(stored -> stored.event().getId()).containsExactly("e-1");
        assertThat(Files.size(segment)).isEqualTo(whole.length);
        second.append(event("e-2"), List.of("a"), RECEIVED, 255);
        second.close();

        assertThat(open(1 << 20).recovered()).extracting(stored -> stored.event().getId())
                .containsExactly("e-1", "e-2");
    }

    @Test
    void aRecordWhoseChecksumDoesNotHoldIsNeverReadAsAnEvent() throws IOException {
        EventStore first = open(1 << 20);
        first.append(event("e-1"), List.of("a"), RECEIVED, 255);
        first.close();
        Path segment = segments().getLast();
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 3] ^= 0x5A;
        Files.write(segment, content);

        assertThat(open(1 << 20).recovered()).isEmpty();
    }

    @Test
    void segmentsAreDeletedOldestFirstOnceEveryEventInThemIsDoneSoTheLogHoldsAboutWhatIsPending() throws IOException {
        EventStore store = open(4096);
        List<Long> early = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            early.add(store.append(event("early-" + i), List.of("a"), RECEIVED, 255));
        }
        long pinned = store.append(event("pinned"), List.of("a"), RECEIVED, 255);
        for (int i = 0; i < 200; i++) {
            late.add(store.append(event("late-" + i), List.of("a"), RECEIVED, 255));
        }
        int written = segments().size();

        early.forEach(seq -> store.done(seq, "a"));
        late.forEach(seq -> store.done(seq, "a"));
        // the done marks are written in the background, and may start segments: count once they are all written
        store.flush();

        assertThat(written).isGreaterThan(10);
        assertThat(store.segments()).as("the early segments are gone; the pinned one keeps every later one")
                .isLessThan(written).isGreaterThan(written / 3).isEqualTo(segments().size());
        assertThat(store.pendingEvents()).isEqualTo(1);

        store.done(pinned, "a");
        store.flush();

        assertThat(store.segments()).as("only the segment being written is left").isEqualTo(1);
        assertThat(segments()).hasSize(1);
        assertThat(store.pendingEvents()).isZero();
    }

    @Test
    void aSegmentWhoseEventsAreAllDoneIsDeletedWhenTheLogMovesOnToTheNextOne() throws IOException {
        // how many bytes an event and its done mark take (every id below has the same length, so the same size)
        EventStore scratch = EventStore.open(new EventStore.Settings(folder.resolve("scratch"), 1 << 20, false));
        opened.add(scratch);
        scratch.done(scratch.append(event("done-0"), List.of("a"), RECEIVED, 255), "a");
        scratch.flush();
        long eventAndDone = Files.size(folder.resolve("scratch").resolve("segment-00000000000000000001.log"));
        // a segment exactly as large as ten events and their done marks: the tenth mark fills it
        EventStore store = open(10 * eventAndDone);
        Path first = segments().getFirst();
        for (int i = 0; i < 10; i++) {
            store.done(store.append(event("done-" + i), List.of("a"), RECEIVED, 255), "a");
        }
        store.flush();
        assertThat(Files.size(first)).as("full, and still the segment being written").isEqualTo(10 * eventAndDone);

        // the log moves on to the next segment for this event, and nothing is done after it
        store.append(event("pending"), List.of("a"), RECEIVED, 255);

        assertThat(first).as("the full segment of ten finished events").doesNotExist();
        assertThat(segments()).hasSize(1);
        assertThat(store.segments()).isEqualTo(1);
        assertThat(store.pendingEvents()).isEqualTo(1);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }
}
