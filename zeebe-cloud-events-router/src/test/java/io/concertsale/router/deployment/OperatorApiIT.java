package io.concertsale.router.deployment;

import static io.concertsale.eventkit.test.TestOperator.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.test.TestOperator;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.test.RouterIntegrationSupport;
import io.concertsale.router.test.TestModels;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router's operator APIs (the models, the deployments, the process statistics) and its actuator ask the operator
 * credential (HTTP Basic, user admin, the sale's admin password); the event endpoint and the health stay open.
 */
class OperatorApiIT extends RouterIntegrationSupport {

    private static final List<String> OPERATOR_READS = List.of("/models", "/deployments", "/deployments/1",
            "/statistics", "/actuator/metrics");
    private static final String WRONG = OperatorCredentialFilter.basic("not-the-password");

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    private HttpRequest.Builder deployBundled() {
        return request("/models/router-sample/deployments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest.Builder deployXml(String processId) {
        return request("/deployments?name=" + processId + ".bpmn").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(TestModels.xml(
                        TestModels.startThenReceive(processId, "Operator.Started", "Operator.Next"))));
    }

    private List<Long> deploymentKeys() {
        List<Long> keys = new ArrayList<>();
        json(get("/deployments")).forEach(deployment -> keys.add(deployment.path("deploymentKey").asLong()));
        return keys;
    }

    @Test
    void theOperatorApisAndTheActuatorRefuseWhoeverHasNotTheCredential() {
        for (String path : OPERATOR_READS) {
            assertUnauthorized(anonymous(request(path).GET().build()));
            assertUnauthorized(anonymous(request(path).header("Authorization", WRONG).GET().build()));
        }
    }

    @Test
    void theOperatorGetsIn() {
        for (String path : OPERATOR_READS) {
            HttpResponse<String> response = anonymous(request(path).header("Authorization", TestOperator.AUTHORIZATION)
                    .GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(path.equals("/deployments/1") ? 404 : 200);
        }
    }

    @Test
    void aRefusedDeploymentDeploysNothing() {
        List<Long> before = deploymentKeys();
        double deployments = counter(RouterMetrics.DEPLOYMENTS);
        String processId = unique("refused");

        assertUnauthorized(anonymous(deployBundled().build()));
        assertUnauthorized(anonymous(deployBundled().header("Authorization", WRONG).build()));
        assertUnauthorized(anonymous(deployXml(processId).build()));
        assertUnauthorized(anonymous(deployXml(processId).header("Authorization", WRONG).build()));

        assertThat(deploymentKeys()).isEqualTo(before);
        assertThat(counter(RouterMetrics.DEPLOYMENTS)).isEqualTo(deployments);
    }

    @Test
    void aPageOfAnotherSiteMayNotDeployEvenWithTheCredential() {
        List<Long> before = deploymentKeys();

        HttpResponse<String> crossSite = anonymous(deployBundled().header("Authorization", TestOperator.AUTHORIZATION)
                .header("Sec-Fetch-Site", "cross-site").build());
        HttpResponse<String> otherOrigin = anonymous(deployXml(unique("cross-site"))
                .header("Authorization", TestOperator.AUTHORIZATION).header("Origin", "https://evil.example").build());

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("urn:concertsale:problem:cross-site-request");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(deploymentKeys()).isEqualTo(before);
    }

    @Test
    void theOperatorDeploys() {
        HttpResponse<String> deployed = anonymous(deployXml(unique("operator"))
                .header("Authorization", TestOperator.AUTHORIZATION).build());

        assertThat(deployed.statusCode()).isEqualTo(201);
        assertThat(deploymentKeys()).contains(json(deployed).path("deploymentKey").asLong());
    }

    @Test
    void theEventEndpointAndTheHealthStayOpen() {
        // the event endpoint takes the delivery's token, not the operator's credential
        HttpResponse<String> delivered = postBinary(event("Operator.Unrelated", unique("key"), "{\"n\":1}").build());
        HttpResponse<String> health = anonymous(request("/actuator/health").GET().build());

        assertThat(delivered.statusCode()).isEqualTo(202);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
}
