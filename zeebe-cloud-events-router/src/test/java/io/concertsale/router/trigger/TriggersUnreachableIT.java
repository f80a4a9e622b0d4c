package io.concertsale.router.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.router.test.FreePorts;
import io.concertsale.router.test.RouterIntegrationSupport;
import io.concertsale.router.test.TestModels;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Trigger mode {@code local-broker} with no broker listening: the engine accepts the model, the router answers 502
 * naming what failed, and the deployment stays (in the engine and in the router's list); a retry is safe.
 */
@DirtiesContext
class TriggersUnreachableIT extends RouterIntegrationSupport {

    private static final int NO_BROKER = FreePorts.next();

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) {
        registry.add("router.triggers.mode", () -> "local-broker");
        registry.add("router.triggers.local-broker-url", () -> "http://localhost:" + NO_BROKER);
        // the shared engine's jobs belong to the shared router: this one serves a type no model uses
        registry.add("router.worker.job-type", () -> "served-by-no-model");
    }

    private HttpResponse<String> deploy(String processId) {
        return send(HttpRequest.newBuilder(uri("/deployments?name=" + processId + ".bpmn"))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(TestModels.xml(
                        TestModels.startThenReceive(processId, "Unrouted.Started", "Unrouted.Next")))).build());
    }

    @Test
    void aDeploymentWhoseTriggersFailIsAnswered502AndStays() {
        String processId = unique("unrouted");

        HttpResponse<String> response = deploy(processId);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString())
                .isEqualTo("urn:zeebe-cloud-events-router:problem:triggers-not-ensured");
        assertThat(problem.path("detail").asString()).contains("zeebe-router-unrouted-next")
                .contains("localhost:" + NO_BROKER);
        long deploymentKey = problem.path("deploymentKey").asLong();
        assertThat(deploymentKey).isPositive();
        assertThat(json(get("/deployments")).path(0).path("deploymentKey").asLong()).isEqualTo(deploymentKey);
        assertThat(ENGINE.deployed(processId)).as("the model is deployed").isTrue();

        HttpResponse<String> retry = deploy(processId);

        assertThat(retry.statusCode()).isEqualTo(502);
        assertThat(json(retry).path("deploymentKey").asLong()).isPositive();
    }
}
