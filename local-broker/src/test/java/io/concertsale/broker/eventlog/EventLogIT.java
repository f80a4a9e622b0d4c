package io.concertsale.broker.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.events.EventJson;
import io.concertsale.eventkit.test.TestOperator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventLogIT extends BrokerIntegrationSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void listsRecentEventsNewestFirstWithAttributesDataAndDeliveries() {
        String key = key();
        CloudEvent first = send(event("test.Filtered", key));
        CloudEvent second = send(event("test.Regional", key));
        send(event("test.Filtered", key()));
        settled(first);

        JsonNode events = json("/api/events?correlationkey=" + key);

        assertThat(events).extracting(entry -> entry.path("attributes").path("id").asString())
                .containsExactly(second.getId(), first.getId());
        JsonNode oldest = events.get(1);
        assertThat(oldest.path("sequence").asLong()).isLessThan(events.get(0).path("sequence").asLong());
        assertThat(oldest.path("receivedAt").asString()).isNotBlank();
        assertThat(oldest.path("attributes").path("type").asString()).isEqualTo("test.Filtered");
        assertThat(oldest.path("attributes").path("source").asString()).isEqualTo("urn:concertsale:test");
        assertThat(oldest.path("attributes").path("correlationkey").asString()).isEqualTo(key);
        assertThat(oldest.path("data").path("sessionId").asString()).isEqualTo(key);
        assertThat(oldest.path("deliveries").get(0).path("trigger").asString()).isEqualTo("alpha-filtered");
        assertThat(oldest.path("deliveries").get(0).path("target").asString()).isEqualTo(ALPHA.uri() + "/events");
    }

    @Test
    void filtersByTypeAndLimits() {
        String key = key();
        send(event("test.Regional", key));
        CloudEvent filtered = send(event("test.Filtered", key));
        CloudEvent newest = send(event("test.Filtered", key));

        assertThat(json("/api/events?correlationkey=" + key + "&type=test.Filtered"))
                .extracting(entry -> entry.path("attributes").path("id").asString())
                .containsExactly(newest.getId(), filtered.getId());
        assertThat(json("/api/events?correlationkey=" + key + "&limit=1"))
                .extracting(entry -> entry.path("attributes").path("id").asString())
                .containsExactly(newest.getId());
        assertThat(get("/api/events?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void streamSendsEachAcceptedEventOfItsFilterAsOneServerSentEvent() throws Exception {
        String key = key();
        try (Stream stream = Stream.open(uri("/api/events/stream?correlationkey=" + key), null)) {
            CloudEvent first = send(event("test.Filtered", key));
            send(event("test.Filtered", key()));
            CloudEvent second = send(event("test.Regional", key));
            CloudEvent third = send(event("test.Question", key));

            List<JsonNode> messages = stream.messages(3);

            assertThat(messages).extracting(message -> message.path("attributes").path("id").asString())
                    .containsExactly(first.getId(), second.getId(), third.getId());
            assertThat(messages.getFirst().path("data").path("sessionId").asString()).isEqualTo(key);
            assertThat(messages.getFirst().path("deliveries").get(0).path("trigger").asString())
                    .isEqualTo("alpha-filtered");
            assertThat(stream.ids).containsExactly(messages.stream().map(m -> m.path("sequence").asString()).toArray(String[]::new));
            assertThat(stream.contentType).startsWith("text/event-stream");
        }
    }

    @Test
    void reconnectingStreamResumesAfterTheLastEventIdItSaw() throws Exception {
        String key = key();
        CloudEvent seen = send(event("test.Filtered", key));
        CloudEvent missed = send(event("test.Regional", key));
        long lastSeen = settled(seen).path("sequence").asLong();

        try (Stream stream = Stream.open(uri("/api/events/stream?correlationkey=" + key), lastSeen)) {
            List<JsonNode> messages = stream.messages(1);

            assertThat(messages.getFirst().path("attributes").path("id").asString()).isEqualTo(missed.getId());
        }
    }

    @Test
    void typeFilterOfTheStreamLeavesOtherTypesOut() throws Exception {
        String key = key();
        try (Stream stream = Stream.open(uri("/api/events/stream?type=test.Regional&correlationkey=" + key), null)) {
            send(event("test.Filtered", key));
            CloudEvent regional = send(event("test.Regional", key));

            assertThat(stream.messages(1).getFirst().path("attributes").path("id").asString())
                    .isEqualTo(regional.getId());
        }
    }

    /** A Server-Sent Events client on java.net.http: reads messages on a background thread. */
    private static final class Stream implements AutoCloseable {

        private final InputStream body;
        private final BufferedReader reader;
        final String contentType;
        final List<String> ids = new ArrayList<>();

        private Stream(HttpResponse<InputStream> response) {
            this.body = response.body();
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            this.contentType = response.headers().firstValue("Content-Type").orElse("");
        }

        /** Connects and waits for the stream's opening comment, so that events sent after this are in it. */
        static Stream open(java.net.URI uri, Long lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header("Authorization", TestOperator.AUTHORIZATION).GET();
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId.toString());
            }
            HttpResponse<InputStream> response = CLIENT.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            Stream stream = new Stream(response);
            String opening = within(() -> stream.reader.readLine());
            assertThat(opening).startsWith(":");
            return stream;
        }

        /** The next {@code count} messages (comments and heartbeats skipped), as JSON. */
        List<JsonNode> messages(int count) throws Exception {
            return within(() -> {
                List<JsonNode> messages = new ArrayList<>();
                StringBuilder data = new StringBuilder();
                while (messages.size() < count) {
                    String line = reader.readLine();
                    if (line == null) {
                        throw new IOException("The stream ended after " + messages.size() + " messages");
                    }
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).trim());
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        messages.add(EventJson.MAPPER.readTree(data.toString()));
                        data.setLength(0);
                    }
                }
                return messages;
            });
        }

        private static <T> T within(IoSupplier<T> read) throws Exception {
            CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
                try {
                    return read.get();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                return future.get(15, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("No Server-Sent Event within " + Duration.ofSeconds(15));
            } catch (ExecutionException e) {
                throw new AssertionError("Reading the stream failed", e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }

        private interface IoSupplier<T> {
            T get() throws IOException;
        }
    }
}
