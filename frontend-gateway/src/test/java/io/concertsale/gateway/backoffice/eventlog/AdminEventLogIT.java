package io.concertsale.gateway.backoffice.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventCatalog;
import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.test.BrokerStub;
import io.concertsale.gateway.test.EventStreamClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The backoffice's event log: relayed from the broker (a real HTTP stub of its API), for the admin only. */
class AdminEventLogIT extends GatewayContract {

    static final BrokerStub BROKER = new BrokerStub();
    static final Map<String, String> ADMIN = Map.of("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
        registry.add("gateway.broker.base-url", () -> BROKER.uri().toString());
    }

    @AfterEach
    void brokerAnswersAgain() {
        BROKER.failWith(0);
        BROKER.recent("[]");
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void eventLogIsForTheAdminOnly() {
        int before = BROKER.requests().size();

        assertProblem(admin("GET", "/api/admin/events", null, null), 401, "unauthorized");
        assertProblem(admin("GET", "/api/admin/events/stream", null, "wrong"), 401, "unauthorized");
        assertProblem(admin("GET", "/api/admin/events/types", null, null), 401, "unauthorized");

        assertThat(BROKER.requests()).as("nothing reached the broker").hasSize(before);
    }

    @Test
    void recentEventsAreRelayedFromTheBrokerWithTheFilters() {
        BROKER.recent("""
                [{"sequence":12,"receivedAt":"2026-11-21T18:00:00Z",
                  "attributes":{"type":"Tickets.Reserved","correlationkey":"s-1"},"data":{"quantity":2}}]""");

        HttpResponse<String> response = admin("GET", "/api/admin/events?limit=7&type=Tickets.Reserved&correlationkey=s-1",
                null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode events = json(response);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("data").path("quantity").asInt()).isEqualTo(2);
        assertThat(BROKER.requests().getLast().pathAndQuery())
                .isEqualTo("/api/events?limit=7&type=Tickets.Reserved&correlationkey=s-1");
    }

    @Test
    void outOfRangeLimitIsABadRequestAndNeverReachesTheBroker() {
        int before = BROKER.requests().size();

        assertProblem(admin("GET", "/api/admin/events?limit=0", null), 400, "invalid-request");
        assertProblem(admin("GET", "/api/admin/events?limit=5000", null), 400, "invalid-request");
        assertProblem(admin("GET", "/api/admin/events/stream?after=-3", null), 400, "invalid-request");

        assertThat(BROKER.requests()).hasSize(before);
    }

    @Test
    void failingBrokerMakesTheEventLogUnavailable() {
        BROKER.failWith(502);

        HttpResponse<String> response = admin("GET", "/api/admin/events", null);

        assertProblem(response, 503, "event-log-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(response).path("detail").asString()).contains("answered 502");
    }

    @Test
    void streamRelaysTheBrokersEventsAndSaysWhenTheBrokerIsGone() throws Exception {
        try (EventStreamClient stream = EventStreamClient.open(
                uri("/api/admin/events/stream?type=Queue.Progressed&after=7"), ADMIN)) {
            HttpResponse<Stream<String>> response = stream.response(WAIT);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            stream.awaitLine("event:connected", WAIT);
            assertThat(BROKER.requests().getLast())
                    .isEqualTo(new BrokerStub.Request("/api/events/stream?type=Queue.Progressed", "7", "GET"));

            BROKER.send("id: 8\ndata: {\"sequence\":8,\"attributes\":{\"type\":\"Queue.Progressed\"}}\n\n");
            stream.awaitLine("id:8", WAIT);
            stream.awaitLine("data:{\"sequence\":8,\"attributes\":{\"type\":\"Queue.Progressed\"}}", WAIT);

            BROKER.endStreams();
            stream.awaitLine("event:unavailable", WAIT);
            stream.awaitLine("retry:10000", WAIT);
            assertThat(stream.awaitEnd(WAIT)).as("the relay ends its stream too").isTrue();
        }
    }

    @Test
    void reconnectingBrowserResumesAfterItsLastEvent() throws Exception {
        Map<String, String> headers = new HashMap<>(ADMIN);
        headers.put("Last-Event-ID", "41");
        try (EventStreamClient stream = EventStreamClient.open(uri("/api/admin/events/stream?after=3"), headers)) {
            stream.awaitLine("event:connected", WAIT);
            assertThat(BROKER.requests().getLast().lastEventId()).isEqualTo("41");
        }
    }

    @Test
    void browserThatGoesAwayStopsTheBrokerStream() throws Exception {
        int before = BROKER.openStreams();
        EventStreamClient stream = EventStreamClient.open(uri("/api/admin/events/stream"), ADMIN);
        stream.awaitLine("event:connected", WAIT);
        assertThat(BROKER.openStreams()).isEqualTo(before + 1);

        stream.close();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (BROKER.openStreams() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(BROKER.openStreams()).as("broker streams still open").isEqualTo(before);
    }

    @Test
    void eventTypesForTheFilterComeFromTheCatalog() {
        HttpResponse<String> response = admin("GET", "/api/admin/events/types", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode types = json(response);
        assertThat(types).hasSize(EventCatalog.all().size());
        assertThat(types.valueStream().filter(type -> type.path("type").asString().equals("Tickets.Reserved"))
                .findFirst()).hasValueSatisfying(type -> {
                    assertThat(type.path("producer").asString()).isEqualTo("tickets-service");
                    assertThat(type.path("meaning").asString()).isNotBlank();
                });
    }
}
