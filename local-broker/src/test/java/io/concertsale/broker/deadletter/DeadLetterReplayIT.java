package io.concertsale.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.broker.test.TestSubscriber.Answer;
import io.concertsale.eventkit.test.CloudEventRequests;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator's dead letter API: letters are listed, replayed through the Trigger that failed, or discarded. */
class DeadLetterReplayIT extends BrokerIntegrationSupport {

    /** An event of {@code flaky-exponential} (3 retries, then this broker's dead letter sink) that fails every try. */
    private CloudEvent deadLettered() {
        CloudEvent event = event("test.Exponential", key());
        FLAKY.script(event.getId(), Answer.status(500), Answer.status(500), Answer.status(500), Answer.status(500));
        send(event);
        deadLetter(event);
        return event;
    }

    private HttpResponse<String> post(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void aReplayedLetterGoesAgainToTheTriggerThatFailedAndLeavesTheStore() {
        CloudEvent event = deadLettered();
        JsonNode letter = deadLetter(event);
        assertThat(letter.path("attributes").path("knativeerrordest").asString())
                .isEqualTo(FLAKY.uri() + "/exponential");

        HttpResponse<String> replayed = post("/api/dead-letters/" + letter.path("id").asLong() + "/replay");

        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(replayed.body()).contains("\"triggers\":[\"flaky-exponential\"]");
        assertThat(FLAKY.await(event.getId(), 5, TIMEOUT)).hasSize(5).last().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/exponential");
            assertThat(request.event().getExtension("knativeerrordest")).as("the original event, as first sent")
                    .isNull();
            assertThat(request.event().getData().toBytes()).isEqualTo(event.getData().toBytes());
        });
        assertThat(get("/api/dead-letters/" + letter.path("id").asLong()).statusCode()).isEqualTo(404);
        assertThat(logged(event, entry -> entry.path("deliveries").get(0).path("status").asString()
                .equals("DELIVERED"))).isNotNull();
    }

    @Test
    void aDiscardedLetterIsGoneForGood() {
        JsonNode letter = deadLetter(deadLettered());
        String path = "/api/dead-letters/" + letter.path("id").asLong();

        HttpResponse<String> discarded = exchange(HttpRequest.newBuilder(uri(path)).DELETE().build());

        assertThat(discarded.statusCode()).isEqualTo(204);
        assertThat(get(path).statusCode()).isEqualTo(404);
        assertThat(exchange(HttpRequest.newBuilder(uri(path)).DELETE().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void replayingEveryLetterSendsThoseItCanAndSaysWhyNotForTheOthers() {
        CloudEvent failed = deadLettered();
        CloudEvent unknownDestination = CloudEventBuilder.v1(event("test.Exponential", key()))
                .withExtension("knativeerrordest", "http://127.0.0.1:9/gone").build();
        assertThat(CloudEventRequests.binary(uri("/dead-letters"), unknownDestination).statusCode()).isEqualTo(202);
        long unreplayable = deadLetter(unknownDestination).path("id").asLong();

        HttpResponse<String> replayed = post("/api/dead-letters/replay");

        assertThat(replayed.statusCode()).isEqualTo(202);
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(replayed.body());
        assertThat(body.path("replayed").findValuesAsString("eventId")).contains(failed.getId());
        assertThat(body.path("notReplayed").path(String.valueOf(unreplayable)).asString())
                .contains("no Trigger delivers test.Exponential to http://127.0.0.1:9/gone");
        FLAKY.await(failed.getId(), 5, TIMEOUT);
        assertThat(get("/api/dead-letters/" + unreplayable).statusCode()).as("the other letter stays").isEqualTo(200);
    }

    @Test
    void anUnknownLetterIsAProblem() {
        HttpResponse<String> response = post("/api/dead-letters/987654321/replay");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("urn:concertsale:problem:unknown-dead-letter");
    }
}
