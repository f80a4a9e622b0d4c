package io.concertsale.router.test;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.eventkit.test.TestOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router on a random port against the engine of {@link TestEngine} (the local engine, or a Camunda 8),
 * emitting to a real HTTP sink. Every integration test class that extends it shares this one application context,
 * engine and sink; tests keep apart by their own process ids, event types and correlation keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=event-kit,zeebe-cloud-events-router",
        "router.messages.correlation-key-fallback=orderId",
        "router.messages.variables.reminderInterval=PT10S",
        "router.bpmn-errors[Test.Declined]=DECLINED",
        "router.worker.retry-backoff=200ms",
        "sale.events.sink-attempts=1",
        "management.endpoint.health.show-details=always"})
public abstract class RouterIntegrationSupport {

    protected static final TestEngine ENGINE = TestEngine.start();
    protected static final TestSink SINK = new TestSink();
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected CamundaClient zeebe;

    @Autowired
    protected MeterRegistry meters;

    @DynamicPropertySource
    static void engineAndSink(DynamicPropertyRegistry registry) {
        ENGINE.routerProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("router.sink", () -> SINK.uri().toString());
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A fresh value, so that a test finds its own instances. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** An event with a fresh id, JSON data and, when given, the correlationkey extension. */
    protected static CloudEventBuilder event(String type, String correlationKey, String json) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("urn:test:sender"))
                .withType(type)
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8));
        if (correlationKey != null) {
            builder.withExtension("correlationkey", correlationKey);
        }
        return builder;
    }

    protected HttpResponse<String> postBinary(CloudEvent event) {
        return CloudEventRequests.delivered(uri("/"), event);
    }

    protected HttpResponse<String> postStructured(CloudEvent event) {
        return CloudEventRequests.structured(uri("/"), event, TestIdentity.delivery());
    }

    /** Deploys a model straight to the engine (not through the router). */
    protected DeploymentEvent deploy(BpmnModelInstance model, String resourceName) {
        return zeebe.newDeployResourceCommand().addProcessModel(model, resourceName).send().join();
    }

    protected long startInstance(String processId, String variablesJson) {
        return zeebe.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variablesJson)
                .send().join().getProcessInstanceKey();
    }

    /** A GET as the operator. */
    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * Sends the request as the operator: with the operator credential ({@link TestOperator}) unless it carries an
     * {@code Authorization} of its own. The router's operator APIs (models, deployments, statistics) ask it.
     */
    protected HttpResponse<String> send(HttpRequest request) {
        return anonymous(asOperator(request));
    }

    /** The request with the operator credential, unless it carries an {@code Authorization} of its own. */
    public static HttpRequest asOperator(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", TestOperator.AUTHORIZATION).build();
    }

    /** Sends the request as it is, without the operator credential. */
    protected HttpResponse<String> anonymous(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
