package io.concertsale.gateway.backoffice.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.test.BrokerStub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The backoffice's dead letters: relayed from the broker (a real HTTP stub of its API), for the admin only. */
class AdminDeadLetterIT extends GatewayContract {

    static final BrokerStub BROKER = new BrokerStub();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
        registry.add("gateway.broker.base-url", () -> BROKER.uri().toString());
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void deadLettersAreForTheAdminOnly() {
        int before = BROKER.requests().size();

        assertProblem(admin("GET", "/api/admin/dead-letters", null, null), 401, "unauthorized");
        assertProblem(admin("POST", "/api/admin/dead-letters/3/replay", null, "wrong"), 401, "unauthorized");
        assertProblem(admin("DELETE", "/api/admin/dead-letters/3", null, null), 401, "unauthorized");

        assertThat(BROKER.requests()).as("nothing reached the broker").hasSize(before);
    }

    @Test
    void theBrokersLettersAreListedNewestFirstAsItSendsThem() {
        BROKER.answer("GET", "/api/dead-letters?limit=100", 200, """
                [{"id":7,"receivedAt":"2026-12-03T10:00:00Z","attributes":{"type":"Tickets.Requested",
                  "knativeerrordest":"http://localhost:8082/events","knativeerrorcode":"500"},"data":{"quantity":2}}]""");

        HttpResponse<String> response = admin("GET", "/api/admin/dead-letters", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode overview = json(response);
        assertThat(overview.path("available").asBoolean()).isTrue();
        assertThat(overview.path("letters").get(0).path("id").asLong()).isEqualTo(7);
        assertThat(overview.path("letters").get(0).path("attributes").path("knativeerrordest").asString())
                .isEqualTo("http://localhost:8082/events");
    }

    @Test
    void aReplayIsRelayedAndAnswers202WithWhereTheEventWent() {
        BROKER.answer("POST", "/api/dead-letters/7/replay", 202, """
                {"letter":7,"eventId":"e-7","type":"Tickets.Requested","triggers":["tickets-service-tickets-requested"]}""");

        HttpResponse<String> response = admin("POST", "/api/admin/dead-letters/7/replay", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("triggers").get(0).asString()).isEqualTo("tickets-service-tickets-requested");
        assertThat(BROKER.requests().getLast().method()).isEqualTo("POST");
    }

    @Test
    void theBrokersRefusalsArePassedOnAsProblems() {
        BROKER.answer("POST", "/api/dead-letters/8/replay", 409,
                "{\"detail\":\"Dead letter 8 cannot be replayed: no Trigger delivers it any more\"}");
        BROKER.answer("DELETE", "/api/dead-letters/9", 404, "{\"detail\":\"No dead letter 9 here\"}");

        HttpResponse<String> notReplayable = admin("POST", "/api/admin/dead-letters/8/replay", null);
        HttpResponse<String> unknown = admin("DELETE", "/api/admin/dead-letters/9", null);

        assertProblem(notReplayable, 409, "dead-letter-not-replayable");
        assertThat(json(notReplayable).path("detail").asString()).contains("no Trigger delivers it any more");
        assertProblem(unknown, 404, "dead-letter-not-found");
    }

    @Test
    void aDiscardIsRelayed() {
        BROKER.answer("DELETE", "/api/dead-letters/10", 204, null);

        assertThat(admin("DELETE", "/api/admin/dead-letters/10", null).statusCode()).isEqualTo(204);
        assertThat(BROKER.requests().getLast()).satisfies(request -> {
            assertThat(request.method()).isEqualTo("DELETE");
            assertThat(request.pathAndQuery()).isEqualTo("/api/dead-letters/10");
        });
    }

    @Test
    void anUnreachableBrokerMakesTheListUnavailableWithTheReason() {
        BROKER.answer("GET", "/api/dead-letters?limit=5", 500, "{}");

        JsonNode overview = json(admin("GET", "/api/admin/dead-letters?limit=5", null));

        assertThat(overview.path("available").asBoolean()).isFalse();
        assertThat(overview.path("detail").asString()).contains("answered 500");
    }
}
