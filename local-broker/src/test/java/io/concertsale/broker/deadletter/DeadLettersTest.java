package io.concertsale.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.store.DeadLetterFile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {

    @TempDir
    Path folder;
    private final List<DeadLetters> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(DeadLetters::close);
    }

    private DeadLetters open(int size) {
        DeadLetters letters = new DeadLetters(size, Clock.systemUTC(), new BrokerMetrics(new SimpleMeterRegistry()),
                DeadLetterFile.open(folder.resolve("dead-letters.log"), false));
        opened.add(letters);
        return letters;
    }

    private static CloudEvent letter(String id, String destination) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("urn:concertsale:test")).withType("Test.Failed")
                .withExtension("knativeerrordest", destination).withExtension("knativeerrorcode", 500)
                .withData("application/json", "{\"n\":1}".getBytes()).build();
    }

    @Test
    void lettersSurviveARestartUntilTheyAreTakenOut() {
        DeadLetters first = open(10);
        DeadLetters.DeadLetter kept = first.add(letter("e-1", "http://localhost:8081/events"));
        DeadLetters.DeadLetter taken = first.add(letter("e-2", "http://localhost:8081/events"));
        first.remove(taken.id());
        first.close();

        DeadLetters second = open(10);

        assertThat(second.all()).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(kept.id());
            assertThat(letter.receivedAt()).isEqualTo(kept.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(letter.event().getId()).isEqualTo("e-1");
            assertThat(letter.event().getExtension("knativeerrordest")).hasToString("http://localhost:8081/events");
            assertThat(letter.event().getData().toBytes()).isEqualTo("{\"n\":1}".getBytes());
        });
        assertThat(second.add(letter("e-3", "http://localhost:8081/events")).id())
                .as("numbers are never reused").isGreaterThan(taken.id());
    }

    @Test
    void theSameEventFailingAgainForTheSameDestinationReplacesItsLetter() {
        DeadLetters letters = open(10);
        letters.add(letter("e-1", "http://localhost:8081/events"));
        DeadLetters.DeadLetter again = letters.add(letter("e-1", "http://localhost:8081/events"));
        DeadLetters.DeadLetter elsewhere = letters.add(letter("e-1", "http://localhost:8084/"));

        assertThat(letters.all()).extracting(DeadLetters.DeadLetter::id).containsExactly(again.id(), elsewhere.id());
    }

    @Test
    void aFullStoreMakesRoomByDroppingTheOldestLetter() {
        DeadLetters letters = open(2);
        letters.add(letter("e-1", "d"));
        letters.add(letter("e-2", "d"));
        letters.add(letter("e-3", "d"));

        assertThat(letters.all()).extracting(letter -> letter.event().getId()).containsExactly("e-2", "e-3");
        assertThat(letters.recent(1)).extracting(letter -> letter.event().getId()).containsExactly("e-3");
    }

    @Test
    void aLetterTornByACrashWhileItWasWrittenIsCutOffAndTheOthersRemain() throws IOException {
        DeadLetters first = open(10);
        first.add(letter("e-1", "d"));
        first.close();
        Path file = folder.resolve("dead-letters.log");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5), StandardOpenOption.APPEND);

        assertThat(open(10).all()).extracting(letter -> letter.event().getId()).containsExactly("e-1");
    }
}
