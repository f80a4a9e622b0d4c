package io.concertsale.router.zeebe;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.test.FreePorts;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The router started against an address where no engine listens: it runs, says so, and makes senders retry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=event-kit,zeebe-cloud-events-router",
        "router.zeebe.request-timeout=3s",
        "management.endpoint.health.show-details=always"})
@DirtiesContext
class EngineUnavailableIT {

    private static final int NO_ENGINE = FreePorts.next();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void nowhere(DynamicPropertyRegistry registry) {
        registry.add("router.zeebe.grpc-address", () -> "http://localhost:" + NO_ENGINE);
        registry.add("router.sink", () -> "http://localhost:" + FreePorts.next() + "/");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static CloudEventBuilder event() {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("urn:test"))
                .withType("Test.WhileDown").withExtension("correlationkey", "key-1")
                .withDataContentType("application/json").withData("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:zeebe-cloud-events-router:problem:engine-unavailable");
        assertThat(problem.path("detail").asString()).contains("not available");
    }

    @Test
    void anEventIsAnsweredWith503SoTheBrokerRetries() {
        double unavailable = meters.get(RouterMetrics.EVENTS_RECEIVED).tag("outcome", "unavailable").counter().count();

        HttpResponse<String> response = CloudEventRequests.delivered(uri("/"), event().build());

        assertUnavailable(response);
        assertThat(meters.get(RouterMetrics.EVENTS_RECEIVED).tag("outcome", "unavailable").counter().count())
                .isEqualTo(unavailable + 1);
    }

    @Test
    void aReplyIsAnsweredWith503() {
        CloudEvent reply = event().withExtension("jobkey", "2251799813685249").build();

        assertUnavailable(CloudEventRequests.delivered(uri("/"), reply));
    }

    @Test
    void aDeploymentIsAnsweredWith503() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/models/router-sample/deployments"))
                .header("Authorization", TestOperator.AUTHORIZATION).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertUnavailable(response);
    }

    @Test
    void healthIsDownWithTheAddressAndTheError() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health/zeebe")).GET().build());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("DOWN");
        assertThat(health.path("details").path("address").asString()).contains("localhost:" + NO_ENGINE);
        assertThat(health.path("details").path("error").asString()).isNotBlank();
    }
}
