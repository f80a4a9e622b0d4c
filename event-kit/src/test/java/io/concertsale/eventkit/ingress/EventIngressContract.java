package io.concertsale.eventkit.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.eventkit.http.RequestObservationFilter;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RequestsSeen;
import io.concertsale.eventkit.test.RecordingSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    void theSameEventDeliveredManyTimesAtOnceTakesEffectOnceAndEveryDeliveryIsAcknowledged() throws Exception {
        String session = UUID.randomUUID().toString();
        CloudEvent event = joined(session, UUID.randomUUID().toString());
        List<Future<HttpResponse<String>>> deliveries = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                deliveries.add(senders.submit(() -> CloudEventRequests.binary(events(), event)));
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

        assertThat(CloudEventRequests.binary(events(), joined(session, UUID.randomUUID().toString())).statusCode())
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
        HttpResponse<String> response = CloudEventRequests.binary(events(), joined(session, UUID.randomUUID().toString()));

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
        HttpResponse<String> response = CloudEventRequests.structured(events(), joined(session, UUID.randomUUID().toString()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(joined(session)).isEqualTo(1);
    }

    @Test
    void redeliveredEventHasOneEffect() {
        String session = UUID.randomUUID().toString();
        CloudEvent event = joined(session, UUID.randomUUID().toString());

        assertThat(CloudEventRequests.binary(events(), event).headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(CloudEventRequests.structured(events(), event).headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");
        assertThat(joined(session)).isEqualTo(1);
        SINK.await(EventTypes.QUEUE_CUSTOMER_QUEUED, Duration.ofSeconds(10));
        assertThat(SINK.events(EventTypes.QUEUE_CUSTOMER_QUEUED)).hasSize(1);
    }

    @Test
    void unknownTypeIsRejectedWithProblemDetails() {
        CloudEvent event = CloudEventBuilder.v1(joined("s-1", "e-1")).withType("Queue.Nonsense").build();

        HttpResponse<String> response = CloudEventRequests.binary(events(), event);

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

        HttpResponse<String> response = CloudEventRequests.binary(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid-data").contains("sessionId");
        assertThat(joined("s-2")).isZero();
    }

    @Test
    void dataThatIsNotAnObjectIsRejected() {
        CloudEvent event = CloudEventBuilder.v1(joined("s-3", UUID.randomUUID().toString()))
                .withData(SaleEvents.JSON, "\"{\\\"sessionId\\\":\\\"s-3\\\"}\"".getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.binary(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("must be a JSON object");
    }

    @Test
    void journeyEventWithoutCorrelationKeyIsRejected() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString()).withSource(URI.create("urn:test")).withType(EventTypes.QUEUE_CUSTOMER_JOINED)
                .withDataContentType(SaleEvents.JSON).withData("{\"sessionId\":\"s-4\"}".getBytes()).build();

        HttpResponse<String> response = CloudEventRequests.binary(events(), event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("missing-correlation-key");
        assertThat(joined("s-4")).isZero();
    }

    @Test
    void requestThatIsNotACloudEventIsRejected() {
        HttpResponse<String> response = CloudEventRequests.raw(events(), "{\"hello\":1}", "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed-event");
    }

    @Test
    void malformedStructuredEventIsRejected() {
        HttpResponse<String> response = CloudEventRequests.raw(events(), "{\"specversion\":\"1.0\",\"id\":",
                "Content-Type", "application/cloudevents+json");

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

        CloudEventRequests.binary(events(), event);
        CloudEventRequests.binary(events(), event);
        CloudEventRequests.binary(events(), CloudEventBuilder.v1(event).withId(UUID.randomUUID().toString())
                .withData(SaleEvents.JSON, "{}".getBytes()).build());
        CloudEventRequests.binary(events(), CloudEventBuilder.v1(event).withType("Queue.Nonsense").build());
        CloudEventRequests.raw(events(), "{\"hello\":1}", "Content-Type", "application/json");

        assertThat(received(type, "HANDLED") - handled).isEqualTo(1);
        assertThat(received(type, "DUPLICATE") - duplicates).isEqualTo(1);
        assertThat(received(type, "REJECTED") - rejected).isEqualTo(1);
        assertThat(received(ReceivedEvents.OTHER_TYPE, "REJECTED") - otherRejected).isEqualTo(2);
        HttpResponse<String> metric;
        try (HttpClient http = HttpClient.newHttpClient()) {
            metric = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/"
                    + ReceivedEvents.METER + "?tag=type:" + type + "&tag=outcome:HANDLED")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"value\":" + received(type, "HANDLED"));
    }

    @Test
    void eventsWaitInTheOutboxWhileTheSinkIsDownAndLeaveWhenItRecovers() {
        SINK.fail(5, 503);
        String session = UUID.randomUUID().toString();

        assertThat(CloudEventRequests.binary(events(), joined(session, UUID.randomUUID().toString())).statusCode()).isEqualTo(202);

        CloudEvent queued = SINK.await(event -> session.equals(SaleEvents.correlationKey(event).orElse(null)),
                Duration.ofSeconds(20));
        assertThat(queued.getType()).isEqualTo(EventTypes.QUEUE_CUSTOMER_QUEUED);
    }
}
