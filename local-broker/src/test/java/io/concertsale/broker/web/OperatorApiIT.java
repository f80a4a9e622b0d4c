package io.concertsale.broker.web;

import static io.concertsale.eventkit.test.TestOperator.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The broker's operator APIs (the event log, the Triggers, the subscribers, the dead letters) and its actuator ask the
 * operator credential (HTTP Basic, user admin, the sale's admin password); the event plane (ingress, the dead letter
 * sink) and the OIDC discovery and keys the services fetch stay open.
 */
class OperatorApiIT extends BrokerIntegrationSupport {

    private static final List<String> OPERATOR_READS = List.of("/api/events", "/api/events?limit=1",
            "/api/events/stream", "/api/triggers", "/api/triggers/alpha-filtered", "/api/subscribers",
            "/api/dead-letters", "/actuator/metrics");
    private static final String WRONG = OperatorCredentialFilter.basic("not-the-password");

    private static final String MANIFEST = """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: sneaked-in
            spec:
              broker: default
              filter:
                attributes:
                  type: test.Sneaked
              subscriber:
                ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: alpha}
            """;

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    private HttpRequest.Builder put(String name, String... headers) {
        HttpRequest.Builder request = request("/api/triggers/" + name).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(MANIFEST.replace("sneaked-in", name)));
        return headers.length == 0 ? request : request.headers(headers);
    }

    private List<String> triggerNames() {
        return json("/api/triggers").valueStream().map(trigger -> trigger.path("name").asString()).toList();
    }

    @Test
    void theOperatorApisAndTheActuatorRefuseWhoeverHasNotTheCredential() {
        for (String path : OPERATOR_READS) {
            assertUnauthorized(anonymous(request(path).GET().build()));
            assertUnauthorized(anonymous(request(path).header("Authorization", WRONG).GET().build()));
            assertUnauthorized(anonymous(request(path).header("Authorization", producer())
                    .GET().build()));
        }
    }

    @Test
    void theOperatorGetsIn() {
        for (String path : OPERATOR_READS) {
            if (path.endsWith("/stream")) {
                continue;
            }
            HttpResponse<String> response = anonymous(request(path).header("Authorization", TestOperator.AUTHORIZATION)
                    .GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aRefusedChangeChangesNothing() {
        List<String> before = triggerNames();

        assertUnauthorized(anonymous(put("sneaked-in").build()));
        assertUnauthorized(anonymous(put("sneaked-in", "Authorization", WRONG).build()));
        assertUnauthorized(anonymous(request("/api/triggers/alpha-filtered").DELETE().build()));
        assertUnauthorized(anonymous(request("/api/triggers/alpha-filtered").header("Authorization", WRONG)
                .DELETE().build()));
        assertUnauthorized(anonymous(request("/api/dead-letters/replay")
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
        assertUnauthorized(anonymous(request("/api/dead-letters/1").DELETE().build()));

        assertThat(triggerNames()).isEqualTo(before).contains("alpha-filtered").doesNotContain("sneaked-in");
        assertThat(get("/api/triggers/sneaked-in").statusCode()).isEqualTo(404);
    }

    @Test
    void aPageOfAnotherSiteMayNotChangeAnythingEvenWithTheCredential() {
        List<String> before = triggerNames();

        HttpResponse<String> crossSite = anonymous(put("cross-site", "Authorization", TestOperator.AUTHORIZATION,
                "Sec-Fetch-Site", "cross-site").build());
        HttpResponse<String> otherOrigin = anonymous(request("/api/triggers/alpha-filtered")
                .header("Authorization", TestOperator.AUTHORIZATION).header("Origin", "https://evil.example")
                .DELETE().build());

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("urn:concertsale:problem:cross-site-request");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(triggerNames()).isEqualTo(before).doesNotContain("cross-site");
    }

    @Test
    void theOperatorChangesTriggers() {
        HttpResponse<String> created = anonymous(put("operator-route", "Authorization", TestOperator.AUTHORIZATION,
                "Sec-Fetch-Site", "same-origin").build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(triggerNames()).contains("operator-route");

        HttpResponse<String> deleted = anonymous(request("/api/triggers/operator-route")
                .header("Authorization", TestOperator.AUTHORIZATION).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(triggerNames()).doesNotContain("operator-route");
    }

    @Test
    void theEventPlaneAndTheIssuerStayOpen() {
        String key = key();
        CloudEvent event = event("test.Filtered", key);
        // the ingress takes the sender's token, not the operator's credential
        assertThat(CloudEventRequests.binary(ingress(), event, producer()).statusCode()).isEqualTo(202);
        assertThat(ALPHA.await(event.getId(), 1, TIMEOUT)).hasSize(1);

        for (String path : List.of("/.well-known/openid-configuration", "/openid/v1/jwks", "/actuator/health")) {
            HttpResponse<String> response = anonymous(request(path).GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).isEmpty();
        }
        JsonNode discovery = json("/.well-known/openid-configuration");
        assertThat(discovery.path("jwks_uri").asString()).endsWith("/openid/v1/jwks");
    }
}
