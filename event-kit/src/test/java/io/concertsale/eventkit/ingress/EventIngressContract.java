package io.concertsale.eventkit.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.http.RequestObservationFilter;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RequestsSeen;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.eventkit.test.TestOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** The ingress and outbox contract every service inherits, run on each database. */
abstract class EventIngressContract {

    static final RecordingSink SINK = new RecordingSink();
    static final SaleEvents GATEWAY = new SaleEvents(URI.create("urn:concertsale:frontend-gateway"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    FilterRegistrationBean<RequestsSeen> requestsSeen;

    @Autowired
    List<FilterRegistrationBean<?>> filters;

    static void sink(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
    }

    @AfterAll
    static void stopSink() {
        SINK.clear();
    }

    @BeforeEach
    void clear() {
        SINK.clear();
    }

    URI events() {
        return URI.create("http://localhost:" + port + "/events");
    }

    long joined(String sessionId) {
        return jdbc.sql("SELECT COUNT(*) FROM joined WHERE session_id = :id").param("id", sessionId)
                .query(Long.class).single();
    }

    static CloudEvent joined(String sessionId, String id) {
        return CloudEventBuilder.v1(GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_JOINED, sessionId,
                new QueueCustomerJoined(sessionId, Instant.now()))).withId(id).build();
    }

    @Test
    void aDeliveryWithoutAValidTokenForThisServiceIsRefusedBeforeAnythingChanges() {
        String session = UUID.randomUUID().toString();
        CloudEvent event = joined(session, UUID.randomUUID().toString());
        long processed = processedEvents();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("another scheme", "Basic YWRtaW46YWRtaW4=");
        refused.put("no JWT", "Bearer not-a-token");
        refused.put("signed by a key the issuer never published", TestIdentity.forged(TestIdentity.TRIGGER,
                TestIdentity.AUDIENCE));
        refused.put("expired", TestIdentity.bearer(TestIdentity.TRIGGER, TestIdentity.AUDIENCE,
                Duration.ofMinutes(-5)));
        refused.put("issued for another service", TestIdentity.bearer(TestIdentity.TRIGGER, "tickets-service",
                Duration.ofHours(1)));
        refused.put("of another issuer", TestIdentity.otherIssuer(TestIdentity.TRIGGER, TestIdentity.AUDIENCE));

        refused.forEach((why, authorization) -> {
            HttpResponse<String> response = CloudEventRequests.binary(events(), event, authorization);
            assertThat(response.statusCode()).as(why).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(why).hasValue("application/problem+json");
            assertThat(response.body()).as(why).contains("problem:unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(why).get(InstanceOfAssertFactories.STRING)
                    .startsWith("Bearer");
        });
        HttpResponse<String> stranger = CloudEventRequests.binary(events(), event, TestIdentity.bearer(
                "system:serviceaccount:elsewhere:intruder", TestIdentity.AUDIENCE, Duration.ofHours(1)));
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).contains("problem:forbidden", "system:serviceaccount:elsewhere:intruder");

        assertThat(joined(session)).isZero();
        assertThat(processedEvents()).isEqualTo(processed);
        assertThat(SINK.events()).noneMatch(sent -> session.equals(SaleEvents.correlationKey(sent).orElse(null)));
        HttpResponse<String> rightful = CloudEventRequests.delivered(events(), event);
        assertThat(rightful.statusCode()).isEqualTo(202);
        assertThat(rightful.headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(joined(session)).isEqualTo(1);
    }

    long processedEvents() {
        return jdbc.sql("SELECT COUNT(*) FROM processed_event").query(Long.class).single();
    }

    @Test
    void theSameEventDeliveredManyTimesAtOnceTakesEffectOnceAndEveryDeliveryIsAcknowledged() throws Exception {
        String session = UUID.randomUUID().toString();
        CloudEvent event = joined(session, UUID.randomUUID().toString());
        List<Future<HttpResponse<String>>> deliveries = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                deliveries.add(senders.submit(() -> CloudEventRequests.delivered(events(), event)));
            }
        }

        List<String> outcomes = new ArrayList<>();
        for (Future<HttpResponse<String>> delivery : deliveries) {
            HttpResponse<String> response = delivery.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            outcomes.add(response.headers().firstValue("X-Event-Outcome").orElseThrow());
        }
        assertThat(outcomes).containsOnlyOnce("HANDLED").hasSize(24).containsOnly("HANDLED", "DUPLICATE");
        assertThat(joined(session)).isEqualTo(1);
    }

    @Test
    void deliveriesGoStraightToTheIngressWhileEveryOtherRequestPassesEveryFilter() throws Exception {
        RequestsSeen seen = requestsSeen.getFilter();
        int deliveriesSeen = seen.count("/events");
        String session = UUID.randomUUID().toString();

        assertThat(CloudEventRequests.delivered(events(), joined(session, UUID.randomUUID().toString())).statusCode())
                .isEqualTo(202);
        HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(joined(session)).isEqualTo(1);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(seen.count("/events")).as("requests to the ingress that went through the other filters")
                .isEqualTo(deliveriesSeen);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(seen.count("/actuator/health")).isPositive();
    }

    @Test
    void requestsAreObservedByAFilterThatDoesNotEnterTheIngress() {
        List<Object> observationFilters = filters.stream().map(FilterRegistrationBean::getFilter)
                .filter(ServerHttpObservationFilter.class::isInstance).map(Object.class::cast).toList();

        assertThat(observationFilters).singleElement().isInstanceOf(RequestObservationFilter.class);
    }

    @Test
    void binaryEventIsHandledAndItsReplyEventLeavesThroughTheOutbox() {
        String session = UUID.randomUUID().toString();
        HttpResponse<String> response = CloudEventRequests.delivered(events(), joined(session, UUID.randomUUID().toString()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(joined(session)).isEqualTo(1);
        CloudEvent queued = SINK.await(event -> session.equals(SaleEvents.correlationKey(event).orElse(null)),
                Duration.ofSeconds(10));
        assertThat(queued.getType()).isEqualTo(EventTypes.QUEUE_CUSTOMER_QUEUED);
        assertThat(queued.getSource()).hasToString("urn:concertsale:ingress-test");
    }

    @Test
    void structuredEventIsHandled() {
        String session = UUID.randomUUID().toString();
        HttpResponse<String> response = CloudEventRequests.structured(events(), joined(session, UUID.randomUUID().toString()),
                TestIdentity.delivery());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(joined(session)).isEqualTo(1);
    }

    @Test
    void redeliveredEventHasOneEffect() {
        String session = UUID.randomUUID().toString();
        CloudEvent event = joined(session, UUID.randomUUID().toString());

        assertThat(CloudEventRequests.delivered(events(), event).headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(CloudEventRequests.structured(events(), event, TestIdentity.delivery()).headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");
        assertThat(joined(session)).isEqualTo(1);
        SINK.await(EventTypes.QUEUE_CUSTOMER_QUEUED, Duration.ofSeconds(10));
        assertThat(SINK.events(EventTypes.QUEUE_CUSTOMER_QUEUED)).hasSize(1);
    }

    @Test
    void unknownTypeIsRejectedWithProblemDetails() {
        CloudEvent event = CloudEventBuilder.v1(joined("s-1", "e-1")).withType("Queue.Nonsense").build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:unknown-type").contains("Queue.Nonsense");
        assertThat(joined("s-1")).isZero();
    }

    @Test
    void invalidDataIsRejectedAndChangesNothing() {
        CloudEvent event = CloudEventBuilder.v1(joined("s-2", UUID.randomUUID().toString()))
                .withData(SaleEvents.JSON, "{\"joinedAt\":\"yesterday\"}".getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid-data").contains("sessionId");
        assertThat(joined("s-2")).isZero();
    }

    @Test
    void dataThatIsNotAnObjectIsRejected() {
        CloudEvent event = CloudEventBuilder.v1(joined("s-3", UUID.randomUUID().toString()))
                .withData(SaleEvents.JSON, "\"{\\\"sessionId\\\":\\\"s-3\\\"}\"".getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("must be a JSON object");
    }

    @Test
    void anEventDatedFurtherAheadThanTheClockSkewIsRefusedAndChangesNothing() {
        String session = UUID.randomUUID().toString();
        double rejected = received(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED");
        CloudEvent future = CloudEventBuilder.v1(joined(session, UUID.randomUUID().toString()))
                .withTime(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5)).build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), future);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:concertsale:problem:event-from-the-future");
        assertThat(joined(session)).isZero();
        assertThat(received(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED") - rejected).isEqualTo(1);

        CloudEvent factFromTheFuture = CloudEventBuilder.v1(joined(session, UUID.randomUUID().toString()))
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + session + "\",\"joinedAt\":\""
                        + Instant.now().plus(Duration.ofDays(365)) + "\"}").getBytes()).build();
        HttpResponse<String> fact = CloudEventRequests.delivered(events(), factFromTheFuture);
        assertThat(fact.statusCode()).isEqualTo(400);
        assertThat(fact.body()).contains("urn:concertsale:problem:event-from-the-future").contains("dates the fact");
        assertThat(joined(session)).isZero();
        assertThat(received(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED") - rejected).isEqualTo(2);

        CloudEvent withinSkew = CloudEventBuilder.v1(joined(session, UUID.randomUUID().toString()))
                .withTime(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20)).build();
        assertThat(CloudEventRequests.delivered(events(), withinSkew).statusCode()).isEqualTo(202);
        assertThat(joined(session)).isEqualTo(1);
    }

    @Test
    void anEventFromAnotherSourceThanItsCatalogProducerIsRefusedAndChangesNothing() {
        String session = UUID.randomUUID().toString();
        double rejected = received(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED");
        for (String source : List.of("urn:concertsale:queue-service", "urn:concertsale:frontend-gateway/x",
                "urn:test")) {
            CloudEvent forged = CloudEventBuilder.v1(joined(session, UUID.randomUUID().toString()))
                    .withSource(URI.create(source)).build();

            HttpResponse<String> response = CloudEventRequests.delivered(events(), forged);

            assertThat(response.statusCode()).as(source).isEqualTo(400);
            assertThat(response.body()).as(source).contains("urn:concertsale:problem:source-not-producer")
                    .contains("urn:concertsale:frontend-gateway");
        }
        assertThat(joined(session)).isZero();
        assertThat(received(EventTypes.QUEUE_CUSTOMER_JOINED, "REJECTED") - rejected).isEqualTo(3);
    }

    @Test
    void aJourneyEventWhoseDataNamesAnotherSessionThanItsCorrelationKeyIsRefused() {
        String session = UUID.randomUUID().toString();
        String victim = UUID.randomUUID().toString();
        CloudEvent event = CloudEventBuilder.v1(joined(session, UUID.randomUUID().toString()))
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + victim + "\",\"joinedAt\":\"" + Instant.now()
                        + "\"}").getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("urn:concertsale:problem:invalid-data").contains(victim)
                .contains("correlationkey");
        assertThat(joined(session)).isZero();
        assertThat(joined(victim)).isZero();
    }

    @Test
    void journeyEventWithoutCorrelationKeyIsRejected() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString()).withSource(URI.create("urn:test")).withType(EventTypes.QUEUE_CUSTOMER_JOINED)
                .withDataContentType(SaleEvents.JSON).withData("{\"sessionId\":\"s-4\"}".getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("missing-correlation-key");
        assertThat(joined("s-4")).isZero();
    }

    @Test
    void requestThatIsNotACloudEventIsRejected() {
        HttpResponse<String> response = CloudEventRequests.raw(events(), "{\"hello\":1}", "Authorization",
                TestIdentity.delivery(), "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed-event");
    }

    @Test
    void malformedStructuredEventIsRejected() {
        HttpResponse<String> response = CloudEventRequests.raw(events(), "{\"specversion\":\"1.0\",\"id\":",
                "Authorization", TestIdentity.delivery(), "Content-Type", "application/cloudevents+json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed-event");
    }

    double received(String type, String outcome) {
        return meters.get(ReceivedEvents.METER).tag("type", type).tag("outcome", outcome).counter().count();
    }

    @Test
    void receivedEventsAreCountedByTypeAndOutcomeAndShownAtTheMetricsEndpoint() throws Exception {
        String type = EventTypes.QUEUE_CUSTOMER_JOINED;
        double handled = received(type, "HANDLED");
        double duplicates = received(type, "DUPLICATE");
        double rejected = received(type, "REJECTED");
        double otherRejected = received(ReceivedEvents.OTHER_TYPE, "REJECTED");
        CloudEvent event = joined(UUID.randomUUID().toString(), UUID.randomUUID().toString());

        CloudEventRequests.delivered(events(), event);
        CloudEventRequests.delivered(events(), event);
        CloudEventRequests.delivered(events(), CloudEventBuilder.v1(event).withId(UUID.randomUUID().toString())
                .withData(SaleEvents.JSON, "{}".getBytes()).build());
        CloudEventRequests.delivered(events(), CloudEventBuilder.v1(event).withType("Queue.Nonsense").build());
        CloudEventRequests.raw(events(), "{\"hello\":1}", "Authorization", TestIdentity.delivery(),
                "Content-Type", "application/json");

        assertThat(received(type, "HANDLED") - handled).isEqualTo(1);
        assertThat(received(type, "DUPLICATE") - duplicates).isEqualTo(1);
        assertThat(received(type, "REJECTED") - rejected).isEqualTo(1);
        assertThat(received(ReceivedEvents.OTHER_TYPE, "REJECTED") - otherRejected).isEqualTo(2);
        HttpResponse<String> metric;
        try (HttpClient http = HttpClient.newHttpClient()) {
            metric = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/"
                    + ReceivedEvents.METER + "?tag=type:" + type + "&tag=outcome:HANDLED"))
                    .header("Authorization", TestOperator.AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"value\":" + received(type, "HANDLED"));
    }

    @Test
    void actuatorEndpointsBeyondHealthNeedTheOperatorCredential() throws Exception {
        URI metrics = URI.create("http://localhost:" + port + "/actuator/metrics");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", OperatorCredentialFilter.basic("guess")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> operator = http.send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", TestOperator.AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

            for (HttpResponse<String> refused : List.of(none, wrong)) {
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).get(InstanceOfAssertFactories.STRING)
                        .startsWith("Basic realm=");
                assertThat(refused.body()).contains("problem:unauthorized").doesNotContain("names");
            }
            assertThat(operator.statusCode()).isEqualTo(200);
            assertThat(operator.body()).contains("names");
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eventsWaitInTheOutboxWhileTheSinkIsDownAndLeaveWhenItRecovers() {
        SINK.fail(5, 503);
        String session = UUID.randomUUID().toString();

        assertThat(CloudEventRequests.delivered(events(), joined(session, UUID.randomUUID().toString())).statusCode()).isEqualTo(202);

        CloudEvent queued = SINK.await(event -> session.equals(SaleEvents.correlationKey(event).orElse(null)),
                Duration.ofSeconds(20));
        assertThat(queued.getType()).isEqualTo(EventTypes.QUEUE_CUSTOMER_QUEUED);
    }
}
