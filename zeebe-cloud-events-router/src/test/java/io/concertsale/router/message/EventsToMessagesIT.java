package io.concertsale.router.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.test.RouterIntegrationSupport;
import io.concertsale.router.test.TestModels;
import io.concertsale.router.test.Waiting;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /}: events of any type become messages on the real engine. */
class EventsToMessagesIT extends RouterIntegrationSupport {

    private static final String PROBLEM = "urn:zeebe-cloud-events-router:problem:";

    private String deployFlow(String name) {
        String processId = unique(name);
        deploy(TestModels.startThenReceive(processId, processId + ".Started", processId + ".Continued"),
                processId + ".bpmn");
        return processId;
    }

    @Test
    void aBinaryEventStartsAnInstanceAndAStructuredOneMovesItOn() {
        String processId = deployFlow("binary-structured");
        String key = unique("key");
        CloudEvent started = event(processId + ".Started", key, "{\"orderId\":\"o-1\",\"amount\":3}").build();

        HttpResponse<String> response = postBinary(started);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("messageName").asString()).isEqualTo(processId + ".Started");
        assertThat(body.path("correlationKey").asString()).isEqualTo(key);
        assertThat(body.path("messageId").asString()).isEqualTo(started.getId());
        assertThat(body.path("messageKey").asLong()).isPositive();
        long instance = ENGINE.awaitInstance(processId);
        Waiting.until(() -> ENGINE.variable(instance, "amount").isPresent(), "the event's data as variables");
        assertThat(ENGINE.variable(instance, "amount")).contains("3");
        assertThat(ENGINE.variable(instance, "orderId")).contains("\"o-1\"");
        assertThat(ENGINE.variable(instance, "correlationKey")).contains("\"" + key + "\"");
        assertThat(ENGINE.variable(instance, "reminderInterval")).as("a static variable").contains("\"PT10S\"");

        HttpResponse<String> next = postStructured(event(processId + ".Continued", key, "{\"step\":2}").build());

        assertThat(next.statusCode()).isEqualTo(202);
        ENGINE.awaitCompleted(instance, TestModels.END);
        assertThat(ENGINE.variable(instance, "step")).contains("2");
    }

    @Test
    void anEventWithoutAValidTokenForTheRouterIsRefusedAndStartsNothing() {
        String processId = deployFlow("unauthenticated");
        double published = counter(RouterMetrics.MESSAGES_PUBLISHED);
        CloudEvent started = event(processId + ".Started", unique("key"), "{\"orderId\":\"o-1\"}").build();

        HttpResponse<String> none = CloudEventRequests.binary(uri("/"), started);
        HttpResponse<String> forTickets = CloudEventRequests.binary(uri("/"), started,
                TestIdentity.bearer(TestIdentity.TRIGGER, "tickets-service", java.time.Duration.ofHours(1)));

        for (HttpResponse<String> response : java.util.List.of(none, forTickets)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
            assertThat(response.body()).contains(PROBLEM + "unauthorized");
        }
        assertThat(counter(RouterMetrics.MESSAGES_PUBLISHED)).isEqualTo(published);
        assertThat(postBinary(started).statusCode()).as("the same event from the broker").isEqualTo(202);
        ENGINE.awaitInstance(processId);
    }

    @Test
    void theCorrelationKeyComesFromTheFallbackFieldWhenTheExtensionIsMissing() {
        String processId = deployFlow("fallback");

        HttpResponse<String> text = postBinary(event(processId + ".Started", null, "{\"orderId\":\"o-77\"}").build());
        HttpResponse<String> number = postBinary(event("Fallback.Number", null, "{\"orderId\":4711}").build());

        assertThat(text.statusCode()).isEqualTo(202);
        assertThat(json(text).path("correlationKey").asString()).isEqualTo("o-77");
        assertThat(number.statusCode()).isEqualTo(202);
        assertThat(json(number).path("correlationKey").asString()).isEqualTo("4711");
        long instance = ENGINE.awaitInstance(processId);
        Waiting.until(() -> ENGINE.variable(instance, "correlationKey").isPresent(), "the correlation key variable");
        assertThat(ENGINE.variable(instance, "correlationKey")).contains("\"o-77\"");
    }

    @Test
    void anEventWithoutCorrelationKeyIsRefusedAndPublishesNothing() {
        double published = counter(RouterMetrics.MESSAGES_PUBLISHED);
        double invalid = counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "invalid");

        HttpResponse<String> response = postBinary(event("Test.NoKey", null, "{\"other\":\"x\"}").build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo(PROBLEM + "no-correlation-key");
        assertThat(counter(RouterMetrics.MESSAGES_PUBLISHED)).isEqualTo(published);
        assertThat(counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "invalid")).isEqualTo(invalid + 1);
    }

    @Test
    void anEventDatedFurtherAheadThanTheClockSkewIsRefusedAndPublishesNothing() {
        double published = counter(RouterMetrics.MESSAGES_PUBLISHED);
        double invalid = counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "invalid");
        String key = unique("key");

        HttpResponse<String> response = postBinary(event("Test.Future", key, "{\"other\":\"x\"}")
                .withTime(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5)).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo(PROBLEM + "event-from-the-future");
        assertThat(counter(RouterMetrics.MESSAGES_PUBLISHED)).isEqualTo(published);
        assertThat(counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "invalid")).isEqualTo(invalid + 1);

        HttpResponse<String> withinSkew = postBinary(event("Test.Future", key, "{\"other\":\"x\"}")
                .withTime(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20)).build());
        assertThat(withinSkew.statusCode()).as(withinSkew.body()).isEqualTo(202);
        assertThat(counter(RouterMetrics.MESSAGES_PUBLISHED)).isEqualTo(published + 1);
    }

    @Test
    void dataThatIsNotAJsonObjectIsRefused() {
        String key = unique("key");

        HttpResponse<String> array = postBinary(event("Test.Array", key, "[1,2]").build());
        HttpResponse<String> string = postBinary(event("Test.String", key, "\"text\"").build());
        HttpResponse<String> notJson = postBinary(event("Test.Broken", key, "{not json").build());
        HttpResponse<String> plainText = postBinary(event("Test.Text", key, "hello").withDataContentType("text/plain")
                .build());

        for (HttpResponse<String> response : java.util.List.of(array, string, notJson, plainText)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("type").asString()).isEqualTo(PROBLEM + "invalid-data");
        }
    }

    @Test
    void aMalformedCloudEventIsRefused() {
        HttpResponse<String> noAttributes = CloudEventRequests.raw(uri("/"), "{\"orderId\":\"o-1\"}", "Authorization", TestIdentity.delivery(),
                "Content-Type", "application/json");
        HttpResponse<String> structuredWithoutId = CloudEventRequests.raw(uri("/"),
                "{\"specversion\":\"1.0\",\"type\":\"Test.X\",\"source\":\"urn:test\"}", "Authorization", TestIdentity.delivery(),
                "Content-Type", "application/cloudevents+json");

        assertThat(noAttributes.statusCode()).isEqualTo(400);
        assertThat(json(noAttributes).path("type").asString()).isEqualTo(PROBLEM + "malformed-event");
        assertThat(structuredWithoutId.statusCode()).isEqualTo(400);
        assertThat(json(structuredWithoutId).path("type").asString()).isEqualTo(PROBLEM + "malformed-event");
    }

    @Test
    void theEventEndpointTakesOnlyPostAndLeavesTheRestOfTheRouterToItsControllers() {
        HttpResponse<String> getRoot = anonymous(HttpRequest.newBuilder(uri("/")).GET().build());

        assertThat(getRoot.statusCode()).isEqualTo(405);
        assertThat(getRoot.headers().firstValue("Allow")).contains("POST");
        assertThat(json(getRoot).path("type").asString()).isEqualTo(PROBLEM + "method-not-allowed");
        assertThat(get("/models").statusCode()).as("a controller beside the event servlet").isEqualTo(200);
    }

    @Test
    void eventsAreCountedByTheRoutersMetersNotObservedAsHttpRequests() {
        double received = counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "published");

        HttpResponse<String> response = postBinary(event("Test.Counted", unique("key"), "{\"n\":1}").build());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "published")).isEqualTo(received + 1);
        assertThat(meters.find("http.server.requests").tag("uri", "/").timers()).isEmpty();
    }

    @Test
    void eventsOfAnyTypeArePublishedEvenWithoutData() {
        CloudEvent event = CloudEventBuilder.v1().withId(unique("id")).withSource(URI.create("urn:test:any"))
                .withType("Some.Unknown.Type").withExtension("correlationkey", unique("key")).build();

        HttpResponse<String> response = postBinary(event);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("messageName").asString()).isEqualTo("Some.Unknown.Type");
    }

    @Test
    void theSameEventTwiceStartsOneInstanceAndTheSecondAnswerSaysDuplicate() {
        String processId = deployFlow("dedup");
        CloudEvent started = event(processId + ".Started", unique("key"), "{}").build();
        double duplicates = counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "duplicate");

        HttpResponse<String> first = postBinary(started);
        HttpResponse<String> second = postStructured(started);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).path("duplicate").asBoolean()).isTrue();
        assertThat(json(second).path("messageId").asString()).isEqualTo(started.getId());
        ENGINE.awaitInstance(processId);
        // a later, distinct event proves the engine processed everything before we count
        String probe = deployFlow("dedup-probe");
        postBinary(event(probe + ".Started", unique("key"), "{}").build());
        ENGINE.awaitInstance(probe);
        assertThat(ENGINE.instances(processId)).hasSize(1);
        assertThat(counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "duplicate")).isEqualTo(duplicates + 1);
    }

    @Test
    void anEventThatArrivesBeforeTheInstanceWaitsForItStillCorrelates() {
        String processId = deployFlow("early");
        String key = unique("key");

        HttpResponse<String> early = postBinary(event(processId + ".Continued", key, "{\"early\":true}").build());
        HttpResponse<String> start = postBinary(event(processId + ".Started", key, "{}").build());

        assertThat(early.statusCode()).isEqualTo(202);
        assertThat(start.statusCode()).isEqualTo(202);
        long instance = ENGINE.awaitInstance(processId);
        ENGINE.awaitCompleted(instance, TestModels.END);
        assertThat(ENGINE.variable(instance, "early")).contains("true");
    }

    @Test
    void publishedEventsAreCounted() {
        double received = counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "published");
        double published = counter(RouterMetrics.MESSAGES_PUBLISHED);

        postBinary(event("Counted.Event", unique("key"), "{}").build());

        assertThat(counter(RouterMetrics.EVENTS_RECEIVED, "outcome", "published")).isEqualTo(received + 1);
        assertThat(counter(RouterMetrics.MESSAGES_PUBLISHED)).isEqualTo(published + 1);
    }

    @Test
    void healthIsUpWithTheEngineAddress() {
        HttpResponse<String> response = get("/actuator/health/zeebe");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("address").asString()).contains(ENGINE.grpcAddress().toString());
    }
}
