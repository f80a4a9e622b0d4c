package io.concertsale.router.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.eventkit.test.TestOperator;
import io.concertsale.router.test.TestEngine;
import io.concertsale.router.test.TestModels;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Trigger mode {@code knative} against fabric8's mock Kubernetes API server in CRUD mode: deployments create the
 * Triggers, deploying again replaces them (one per type), and Triggers the router does not manage stay as they are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=event-kit,zeebe-cloud-events-router",
        "router.triggers.mode=knative"})
@DirtiesContext
class KnativeTriggersIT {

    private static final TestEngine ENGINE = TestEngine.start();
    private static final KubernetesMockServer API = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private static final KubernetesClient KUBERNETES = start(API);
    private static final KnativeClient KNATIVE = KUBERNETES.adapt(KnativeClient.class);
    /** The mock client's namespace: the router uses it, as in a pod it uses the pod's. */
    private static final String NAMESPACE = KUBERNETES.getNamespace();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private static KubernetesClient start(KubernetesMockServer server) {
        server.init();
        return server.createClient();
    }

    /** The router takes the Kubernetes client from the context when there is one. */
    @TestConfiguration(proxyBeanMethods = false)
    static class MockApi {

        @Bean
        KubernetesClient kubernetesClient() {
            return KUBERNETES;
        }
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        ENGINE.routerProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stop() {
        ENGINE.close();
        API.destroy();
    }

    private HttpResponse<String> deploy(String name, BpmnModelInstance model) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/deployments?name=" + name))
                    .header("Content-Type", "application/xml").header("Authorization", TestOperator.AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofString(TestModels.xml(model))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Trigger trigger(String name) {
        return KNATIVE.triggers().inNamespace(NAMESPACE).withName(name).get();
    }

    private static List<String> managedTriggers() {
        return KNATIVE.triggers().inNamespace(NAMESPACE)
                .withLabel(TriggerManifests.MANAGED_BY_LABEL, TriggerManifests.MANAGER).list().getItems().stream()
                .map(trigger -> trigger.getMetadata().getName()).sorted().toList();
    }

    @Test
    void deploymentsCreateAndReplaceTheTriggersAndLeaveOthersAlone() {
        Trigger other = KNATIVE.triggers().inNamespace(NAMESPACE).resource(new TriggerBuilder()
                .withNewMetadata().withName("queue-service-joined").endMetadata()
                .withNewSpec().withBroker("default")
                .withNewFilter().withAttributes(Map.of("type", "Knative.Started")).endFilter()
                .withNewSubscriber().withNewRef().withApiVersion("serving.knative.dev/v1").withKind("Service")
                .withName("queue-service").endRef().endSubscriber()
                .endSpec().build()).create();

        HttpResponse<String> first = deploy("knative-v1.bpmn",
                TestModels.startThenReceive("knative-flow", "Knative.Started", "Knative.Next"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(managedTriggers()).containsExactly("zeebe-router-knative-next", "zeebe-router-knative-started");
        Trigger started = trigger("zeebe-router-knative-started");
        assertThat(started.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
                "zeebe-cloud-events-router").containsEntry("zeebe-cloud-events-router/message", "knative-started");
        assertThat(started.getMetadata().getAnnotations())
                .containsEntry("zeebe-cloud-events-router/event-type", "Knative.Started");
        assertThat(started.getSpec().getBroker()).isEqualTo("default");
        assertThat(started.getSpec().getFilter().getAttributes()).isEqualTo(Map.of("type", "Knative.Started"));
        assertThat(started.getSpec().getSubscriber().getRef().getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(started.getSpec().getSubscriber().getRef().getKind()).isEqualTo("Service");
        assertThat(started.getSpec().getSubscriber().getRef().getName()).isEqualTo("zeebe-cloud-events-router");
        assertThat(started.getSpec().getDelivery().getRetry()).isEqualTo(5);
        assertThat(started.getSpec().getDelivery().getBackoffPolicy()).isEqualTo("exponential");
        assertThat(started.getSpec().getDelivery().getBackoffDelay()).isEqualTo("PT0.2S");
        assertThat(started.getSpec().getDelivery().getDeadLetterSink().getRef().getName()).isEqualTo("dead-letter-sink");

        BpmnModelInstance second = Bpmn.createExecutableProcess("knative-flow")
                .startEvent("Start_Message").message(message -> message.name("Knative.Started"))
                .receiveTask(TestModels.RECEIVE).message(message -> message.name("Knative.Next")
                        .zeebeCorrelationKeyExpression("correlationKey"))
                .serviceTask(TestModels.TASK, task -> task.zeebeJobType("cloudevents")
                        .zeebeTaskHeader("type", "Knative.Asked").zeebeTaskHeader("mode", "emit-and-wait"))
                .boundaryEvent("Boundary_Cancelled", boundary -> boundary.message(message -> message
                        .name("Knative.Cancelled").zeebeCorrelationKeyExpression("correlationKey")))
                .endEvent("End_Cancelled")
                .moveToActivity(TestModels.TASK)
                .endEvent(TestModels.END)
                .done();

        // changed by hand meanwhile: deploying again puts the router's manifest back
        KNATIVE.triggers().inNamespace(NAMESPACE).withName("zeebe-router-knative-started")
                .edit(trigger -> new TriggerBuilder(trigger).editSpec().editDelivery().withRetry(1).endDelivery()
                        .endSpec().build());
        assertThat(trigger("zeebe-router-knative-started").getSpec().getDelivery().getRetry()).isEqualTo(1);
        HttpResponse<String> again = deploy("knative-v1.bpmn",
                TestModels.startThenReceive("knative-flow", "Knative.Started", "Knative.Next"));
        HttpResponse<String> newer = deploy("knative-v2.bpmn", second);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(newer.statusCode()).as(newer.body()).isEqualTo(201);
        assertThat(trigger("zeebe-router-knative-started").getSpec().getDelivery().getRetry()).as("replaced")
                .isEqualTo(5);
        assertThat(managedTriggers()).containsExactly("zeebe-router-knative-cancelled", "zeebe-router-knative-next",
                "zeebe-router-knative-started", "zeebe-router-replies");
        assertThat(trigger("zeebe-router-replies").getSpec().getFilter().getAttributes())
                .isEqualTo(Map.of("jobkey", ""));
        Trigger untouched = trigger("queue-service-joined");
        assertThat(untouched.getMetadata().getResourceVersion()).isEqualTo(other.getMetadata().getResourceVersion());
        assertThat(untouched.getSpec()).isEqualTo(other.getSpec());
        assertThat(KNATIVE.triggers().inNamespace(NAMESPACE).list().getItems()).hasSize(5);
    }
}
