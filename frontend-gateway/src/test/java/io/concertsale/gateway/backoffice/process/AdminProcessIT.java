package io.concertsale.gateway.backoffice.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.test.TestDatabases;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.test.RouterStub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The backoffice's "Process model" panel: relayed to the router's model API (a real HTTP stub), admin only. */
class AdminProcessIT extends GatewayContract {

    static final RouterStub ROUTER = new RouterStub();
    static final String MODELS = """
            [{"name":"tickets-v1","resource":"tickets-v1.bpmn","processIds":["tickets"],
              "messages":["Queue.CustomerJoined"]},
             {"name":"tickets-v2","resource":"tickets-v2.bpmn","processIds":["tickets"],
              "messages":["Queue.CustomerJoined","Tickets.ReservationExpired"]}]""";
    static final String DEPLOYED = """
            {"deploymentKey":2251799813685300,"resources":["tickets-v2.bpmn"],
             "processes":[{"bpmnProcessId":"tickets","version":2,"processDefinitionKey":2251799813685301,
                           "resourceName":"tickets-v2.bpmn"}],
             "messages":["Queue.CustomerJoined","Tickets.ReservationExpired"],
             "triggers":["zeebe-router-queue-customer-joined","zeebe-router-tickets-reservation-expired"]}""";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
        registry.add("gateway.router.base-url", () -> ROUTER.uri().toString());
    }

    @BeforeEach
    void routerAnswers() {
        ROUTER.reset();
        ROUTER.answer("GET", "/models", 200, MODELS);
        ROUTER.answer("GET", "/deployments", 200, "[]");
    }

    @AfterAll
    static void stopRouter() {
        ROUTER.close();
    }

    @Test
    void processModelsAreForTheAdminOnly() {
        int before = ROUTER.requests().size();

        assertProblem(admin("GET", "/api/admin/process", null, null), 401, "unauthorized");
        assertProblem(admin("POST", "/api/admin/process/deployments", "{\"model\":\"tickets-v2\"}", "wrong"), 401,
                "unauthorized");

        assertThat(ROUTER.requests()).as("nothing reached the router").hasSize(before);
    }

    @Test
    void overviewRelaysTheRoutersModelsAndDeployments() {
        ROUTER.answer("GET", "/deployments", 200, "[" + DEPLOYED + "]");

        HttpResponse<String> response = admin("GET", "/api/admin/process", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode overview = json(response);
        assertThat(overview.path("available").asBoolean()).isTrue();
        assertThat(overview.path("models")).hasSize(2);
        assertThat(overview.path("models").get(1).path("name").asString()).isEqualTo("tickets-v2");
        assertThat(overview.path("deployments").get(0).path("processes").get(0).path("version").asInt())
                .isEqualTo(2);
    }

    @Test
    void processMonitorRelaysTheRoutersStatisticsAndExplainsWhenThereAreNone() {
        ROUTER.answer("GET", "/statistics", 200, """
                {"available":true,"processes":[{"bpmnProcessId":"tickets","version":2,
                 "processDefinitionKey":2251799813685250,"elements":[{"id":"Start_CustomerJoined",
                 "name":"Customer Joined","type":"startEvent","active":0,"completed":7,"terminated":0}]}]}""");

        JsonNode statistics = json(admin("GET", "/api/admin/process/statistics", null));

        assertThat(statistics.path("available").asBoolean()).isTrue();
        assertThat(statistics.path("processes").get(0).path("elements").get(0).path("completed").asInt())
                .isEqualTo(7);
        assertProblem(admin("GET", "/api/admin/process/statistics", null, "wrong"), 401, "unauthorized");

        ROUTER.answer("GET", "/statistics", 500, "{\"status\":500}");
        JsonNode failing = json(admin("GET", "/api/admin/process/statistics", null));
        assertThat(failing.path("available").asBoolean()).isFalse();
        assertThat(failing.path("detail").asString()).contains("answered 500");
        assertThat(failing.path("processes")).isEmpty();
    }

    @Test
    void deployingAModelVersionAsksTheRouterAndAnswersWhatItDeployed() {
        ROUTER.answer("POST", "/models/tickets-v2/deployments", 201, DEPLOYED);

        HttpResponse<String> response = admin("POST", "/api/admin/process/deployments", "{\"model\":\"tickets-v2\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response).path("triggers")).hasSize(2);
        assertThat(ROUTER.requests()).contains("POST /models/tickets-v2/deployments");
    }

    @Test
    void unknownModelIsPassedOnWithTheRoutersDetail() {
        ROUTER.answer("POST", "/models/tickets-v9/deployments", 404,
                "{\"status\":404,\"detail\":\"No bundled model is named tickets-v9\"}");

        HttpResponse<String> response = admin("POST", "/api/admin/process/deployments", "{\"model\":\"tickets-v9\"}");

        assertProblem(response, 404, "process-deployment-rejected");
        assertThat(json(response).path("detail").asString()).isEqualTo("No bundled model is named tickets-v9");
    }

    @Test
    void routerWithoutItsEngineMakesDeploymentsUnavailable() {
        ROUTER.answer("POST", "/models/tickets-v1/deployments", 503,
                "{\"status\":503,\"detail\":\"The Zeebe engine cannot be reached\"}");

        HttpResponse<String> response = admin("POST", "/api/admin/process/deployments", "{\"model\":\"tickets-v1\"}");

        assertProblem(response, 503, "process-models-unavailable");
        assertThat(json(response).path("detail").asString()).isEqualTo("The Zeebe engine cannot be reached");
    }

    @Test
    void badModelNamesNeverReachTheRouter() {
        int before = ROUTER.requests().size();

        assertProblem(admin("POST", "/api/admin/process/deployments", "{\"model\":\"../actuator\"}"), 400,
                "invalid-request");
        assertProblem(admin("POST", "/api/admin/process/deployments", "{}"), 400, "invalid-request");

        assertThat(ROUTER.requests()).hasSize(before);
    }

    @Test
    void failingRouterLeavesThePanelExplainingWhy() {
        ROUTER.answer("GET", "/models", 500, "{\"status\":500}");

        HttpResponse<String> response = admin("GET", "/api/admin/process", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode overview = json(response);
        assertThat(overview.path("available").asBoolean()).isFalse();
        assertThat(overview.path("detail").asString()).contains("answered 500");
        assertThat(overview.path("models")).isEmpty();
    }
}
