package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.events.EventTypes;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.SessionCleanUp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventHttpTest {

    private final SaleEvents events = new SaleEvents(URI.create("urn:concertsale:test"));
    private final CloudEvent event = events.journey(EventTypes.SESSION_CLEAN_UP, "session-1", new SessionCleanUp("session-1"));

    private static Map<String, List<String>> headers(Map<String, String> single) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        single.forEach((name, value) -> headers.put(name, List.of(value)));
        return headers;
    }

    @Test
    void binaryModeRoundTrip() {
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);

        assertThat(message.headers()).containsEntry("ce-type", EventTypes.SESSION_CLEAN_UP)
                .containsEntry("ce-correlationkey", "session-1").containsEntry("Content-Type", "application/json");
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"sessionId\":\"session-1\"}");
        CloudEvent read = CloudEventHttp.read(headers(message.headers()), message.body());
        assertThat(read).isEqualTo(event);
    }

    @Test
    void structuredModeIsRead() {
        byte[] body = new JsonFormat().serialize(event);

        CloudEvent read = CloudEventHttp.read(headers(Map.of("content-type", "application/cloudevents+json")), body);

        assertThat(read.getId()).isEqualTo(event.getId());
        assertThat(SaleEvents.data(read, SessionCleanUp.class)).isEqualTo(new SessionCleanUp("session-1"));
        assertThat(SaleEvents.correlationKey(read)).hasValue("session-1");
    }

    @Test
    void headerNamesAreMatchedWithoutRegardToCase() {
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
        Map<String, String> upper = new LinkedHashMap<>();
        message.headers().forEach((name, value) -> upper.put(name.toUpperCase(), value));

        assertThat(CloudEventHttp.read(headers(upper), message.body()).getType()).isEqualTo(EventTypes.SESSION_CLEAN_UP);
    }

    @Test
    void noSpecVersion() {
        assertThatThrownBy(() -> CloudEventHttp.read(headers(Map.of("ce-id", "1", "ce-type", "T", "ce-source", "urn:x")),
                new byte[0])).isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).problem()).isEqualTo("malformed-event");
    }

    @Test
    void missingSource() {
        assertThatThrownBy(() -> CloudEventHttp.read(headers(Map.of("ce-specversion", "1.0", "ce-id", "1", "ce-type", "T")),
                new byte[0])).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void unknownSpecVersion() {
        assertThatThrownBy(() -> CloudEventHttp.read(headers(Map.of("ce-specversion", "0.9", "ce-id", "1",
                "ce-type", "T", "ce-source", "urn:x")), new byte[0])).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void batchModeIsRefused() {
        assertThatThrownBy(() -> CloudEventHttp.read(headers(Map.of("content-type", "application/cloudevents-batch+json")),
                "[]".getBytes())).isInstanceOf(InvalidEventException.class).hasMessageContaining("Batched");
    }

    @Test
    void dataInsideAStringIsNotAnObject() {
        CloudEvent stringData = io.cloudevents.core.builder.CloudEventBuilder.v1(event)
                .withData(SaleEvents.JSON, "\"{\\\"sessionId\\\":\\\"x\\\"}\"".getBytes()).build();

        assertThatThrownBy(() -> SaleEvents.json(stringData)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void theDirectBinaryReaderYieldsWhatTheSdksReaderDoes() {
        List<Map<String, String>> messages = List.of(
                CloudEventHttp.write(event).headers(),
                Map.of("ce-specversion", "1.0", "ce-id", "a", "ce-source", "urn:x", "ce-type", "T",
                        "ce-time", "2026-12-03T10:15:30.123456Z", "ce-subject", "s", "ce-dataschema",
                        "https://example.com/schema", "ce-correlationkey", "k", "Content-Type", "application/json"),
                Map.of("CE-SPECVERSION", "1.0", "Ce-Id", "b", "ce-source", "/relative", "ce-type", "T",
                        "ce-time", "2026-12-03T10:15:30+02:00"),
                Map.of("ce-specversion", "1.0", "ce-id", "c", "ce-source", "urn:x", "ce-type", "T",
                        "ce-note", "caf%C3%A9"));
        for (Map<String, String> message : messages) {
            for (byte[] body : List.of(new byte[0], "{\"n\":1}".getBytes(StandardCharsets.UTF_8))) {
                CloudEvent sdk = io.cloudevents.http.HttpMessageFactory
                        .createReaderFromMultimap(headers(message), body).toEvent();

                assertThat(CloudEventHttp.read(headers(message), body)).as(message.toString()).isEqualTo(sdk);
            }
        }
    }

    @Test
    void theDirectBinaryReaderRejectsWhatTheSdkRejects() {
        Map<String, String> badTime = Map.of("ce-specversion", "1.0", "ce-id", "a", "ce-source", "urn:x",
                "ce-type", "T", "ce-time", "yesterday");
        Map<String, String> badExtension = Map.of("ce-specversion", "1.0", "ce-id", "a", "ce-source", "urn:x",
                "ce-type", "T", "ce-not_valid", "x");

        assertThatThrownBy(() -> CloudEventHttp.read(headers(badTime), new byte[0]))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> CloudEventHttp.read(headers(badExtension), new byte[0]))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void timesAreReadAsOffsetDateTimeParseReadsThem() {
        for (String text : List.of("2026-12-03T10:15:30Z", "2026-12-03T10:15:30.1Z", "2026-12-03T10:15:30.123456789Z",
                "2026-12-03t10:15:30.5z", "2026-12-03T10:15:30+02:00", "2026-12-03T10:15:30.25-05:30",
                "2024-02-29T23:59:59.999Z", "2026-12-03T10:15:30+00:00", "2026-12-03T10:15:30.Z")) {
            assertThat(CloudEventHttp.time(text)).as(text).isEqualTo(java.time.OffsetDateTime.parse(text));
        }
        for (String bad : List.of("2026-13-03T10:15:30Z", "2026-02-30T10:15:30Z", "2026-12-03T24:15:30Z",
                "2026-12-03T10:15:30", "2026-12-03T10:15:30.1234567891Z",
                "2026-12-03T10:15:30+19:00", "2026-12-03 10:15:30Z", "yesterday at noon, more or less")) {
            assertThatThrownBy(() -> CloudEventHttp.time(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
