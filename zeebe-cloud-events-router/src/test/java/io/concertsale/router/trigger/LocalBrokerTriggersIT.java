package io.concertsale.router.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.JobState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.LocalBrokerApplication;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.eventkit.config.SaleApplication;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import io.concertsale.router.test.FreePorts;
import io.concertsale.router.test.TestEngine;
import io.concertsale.router.test.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trigger mode {@code local-broker} against the REAL local broker: deploying a model puts its Triggers, and an event
 * posted to the broker's ingress reaches the router, starts an instance, and the journey runs through the broker
 * both ways (the router's emission, the reply to it, the next message).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "spring.config.name=event-kit,zeebe-cloud-events-router",
        "router.triggers.mode=local-broker",
        "router.worker.retry-backoff=200ms"})
@DirtiesContext
class LocalBrokerTriggersIT {

    private static final int ROUTER_PORT = FreePorts.next();
    private static final TestEngine ENGINE = TestEngine.start();
    private static final ConfigurableApplicationContext BROKER = SaleApplication
            .create(LocalBrokerApplication.class, LocalBrokerApplication.NAME)
            .run("--server.port=0", "--spring.main.banner-mode=off", "--logging.include-application-name=false",
                    // its delivery log and Trigger changes in a fresh folder, never in the source tree
                    "--broker.storage.directory=" + temporaryFolder(),
                    // no manifests: only the Triggers the router puts
                    "--broker.triggers-location=classpath*:no-manifests-here/*.yaml",
                    "--broker.subscribers.zeebe-cloud-events-router=http://localhost:" + ROUTER_PORT);
    private static final String BROKER_URL = "http://localhost"
            + ":" + BROKER.getEnvironment().getProperty("local.server.port");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> ROUTER_PORT);
        ENGINE.routerProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("router.triggers.local-broker-url", () -> BROKER_URL);
        registry.add("router.sink", () -> BROKER_URL + "/default/default");
        // sender identity with the real broker as the issuer, as the launcher wires it
        registry.add("sale.events.identity.issuer", () -> BROKER_URL);
        registry.add("sale.events.identity.jwks-uri", () -> BROKER_URL + "/openid/v1/jwks");
        registry.add("sale.events.identity.audience", () -> "zeebe-cloud-events-router");
        registry.add("sale.events.identity.token-file", LocalBrokerTriggersIT::routerToken);
    }

    /** The router's own token, from the broker, in a file as Knative's SinkBinding would mount it. */
    private static String routerToken() {
        try {
            Path file = Files.createTempFile("router", ".token");
            file.toFile().deleteOnExit();
            Files.writeString(file, BROKER.getBean(TokenIssuer.class).producerToken("zeebe-cloud-events-router"));
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("local-broker-triggers-it");
            folder.toFile().deleteOnExit();
            return folder.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        BROKER.close();
        ENGINE.close();
    }

    /** Message start → emit-and-wait task → receive task → end. */
    private static BpmnModelInstance journey(String processId) {
        return Bpmn.createExecutableProcess(processId)
                .startEvent("Start_Started").message(message -> message.name("LocalTest.Started"))
                .serviceTask(TestModels.TASK, task -> task.zeebeJobType("cloudevents")
                        .zeebeTaskHeader("type", "LocalTest.Asked").zeebeTaskHeader("mode", "emit-and-wait"))
                .receiveTask("Receive_Finished").message(message -> message.name("LocalTest.Finished")
                        .zeebeCorrelationKeyExpression("correlationKey"))
                .endEvent(TestModels.END)
                .done();
    }

    /** Sends the request as the operator: the router's deployments and the broker's Triggers ask the credential. */
    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", TestOperator.AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> deploy(String name, String xml) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + ROUTER_PORT + "/deployments?name=" + name))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build());
    }

    private static List<String> brokerTriggers() {
        List<String> names = new ArrayList<>();
        JSON.readTree(send(HttpRequest.newBuilder(URI.create(BROKER_URL + "/api/triggers")).GET().build()).body())
                .forEach(trigger -> names.add(trigger.path("name").asString()));
        return names;
    }

    private static JsonNode brokerTrigger(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(BROKER_URL + "/api/triggers/" + name))
                .GET().build());
        assertThat(response.statusCode()).as(name).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static CloudEventBuilder event(String type, String correlationKey) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("urn:test:sender"))
                .withType(type).withExtension("correlationkey", correlationKey)
                .withDataContentType("application/json").withData("{\"from\":\"test\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void toBroker(CloudEvent event) {
        HttpResponse<String> response = CloudEventRequests.binary(URI.create(BROKER_URL + "/default/default"), event,
                "Bearer " + BROKER.getBean(TokenIssuer.class).producerToken("test-producer"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void deployingPutsTheTriggersAndEventsThroughTheBrokerDriveTheInstance() {
        String processId = "local-journey";

        HttpResponse<String> deployed = deploy(processId + ".bpmn", TestModels.xml(journey(processId)));

        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        List<String> triggers = new ArrayList<>();
        JSON.readTree(deployed.body()).path("triggers").forEach(name -> triggers.add(name.asString()));
        assertThat(triggers).containsExactly("zeebe-router-local-test-finished", "zeebe-router-local-test-started",
                "zeebe-router-replies");
        assertThat(brokerTriggers()).containsAll(triggers);
        JsonNode started = brokerTrigger("zeebe-router-local-test-started");
        assertThat(started.path("broker").asString()).isEqualTo("default");
        assertThat(started.path("filter").path("type").asString()).isEqualTo("LocalTest.Started");
        assertThat(started.path("subscriber").path("ref").path("name").asString())
                .isEqualTo("zeebe-cloud-events-router");
        assertThat(started.path("subscriber").path("resolved").asString())
                .isEqualTo("http://localhost:" + ROUTER_PORT);
        assertThat(started.path("delivery").path("retry").asInt()).isEqualTo(5);
        assertThat(started.path("delivery").path("backoffDelay").asString()).isEqualTo("PT0.2S");
        assertThat(started.path("delivery").path("deadLetterSink").path("ref").path("name").asString())
                .isEqualTo("dead-letter-sink");
        assertThat(brokerTrigger("zeebe-router-replies").path("filter").path("jobkey").asString()).isEmpty();

        String key = "customer-" + UUID.randomUUID();
        toBroker(event("LocalTest.Started", key).build());

        long instance = ENGINE.awaitInstance(processId);
        long jobKey = ENGINE.awaitJob(instance, TestModels.TASK, TestEngine.WAITS_FOR_REPLY,
                "its timeout extended to wait for the reply").getJobKey();
        toBroker(event("LocalTest.Answered", key).withExtension("jobkey", String.valueOf(jobKey)).build());
        ENGINE.awaitJob(instance, TestModels.TASK, job -> job.getState() == JobState.COMPLETED, "completed");
        toBroker(event("LocalTest.Finished", key).build());
        ENGINE.awaitCompleted(instance, TestModels.END);
    }

    @Test
    void deployingAgainReplacesTheTriggersAndAnInvalidModelTouchesNone() {
        String processId = "local-again";
        BpmnModelInstance model = TestModels.startThenReceive(processId, "LocalAgain.Started", "LocalAgain.Next");
        assertThat(deploy(processId + ".bpmn", TestModels.xml(model)).statusCode()).isEqualTo(201);
        List<String> before = brokerTriggers();

        HttpResponse<String> again = deploy(processId + ".bpmn", TestModels.xml(model));
        HttpResponse<String> invalid = deploy("broken.bpmn", "<bpmn:definitions/>");

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(invalid.statusCode()).isEqualTo(400);
        List<String> after = brokerTriggers();
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        assertThat(after).containsOnlyOnce("zeebe-router-local-again-started", "zeebe-router-local-again-next");
    }
}
