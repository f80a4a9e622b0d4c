package io.concertsale.router.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.test.RouterIntegrationSupport;
import io.concertsale.router.test.TestModels;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The bundled models and deployments through the router (Trigger mode none) on the real engine. */
class DeploymentsIT extends RouterIntegrationSupport {

    private static final String PROBLEM = "urn:zeebe-cloud-events-router:problem:";

    private HttpResponse<String> post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A multipart/form-data request with one {@code file} part per resource. */
    private HttpResponse<String> postMultipart(Map<String, String> files) {
        String boundary = "boundary-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        files.forEach((name, xml) -> body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/xml\r\n\r\n" + xml + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post("/deployments", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private List<Long> deploymentKeys() {
        List<Long> keys = new ArrayList<>();
        json(get("/deployments")).forEach(deployment -> keys.add(deployment.path("deploymentKey").asLong()));
        return keys;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    @Test
    void listsTheValidBundledModelsWithTheMessagesTheyWaitFor() {
        HttpResponse<String> response = get("/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sample = null;
        List<String> names = new ArrayList<>();
        for (JsonNode model : json(response)) {
            names.add(model.path("name").asString());
            if (model.path("name").asString().equals("router-sample")) {
                sample = model;
            }
        }
        assertThat(names).contains("router-sample").doesNotContain("router-broken");
        assertThat(sample).isNotNull();
        assertThat(sample.path("resource").asString()).isEqualTo("router-sample.bpmn");
        assertThat(strings(sample.path("processIds"))).containsExactly("router-sample");
        assertThat(strings(sample.path("messages")))
                .containsExactly("Sample.Cancelled", "Sample.Confirmed", "Sample.Shipped", "Sample.Started");
    }

    @Test
    void deploysABundledModel() {
        double deployments = counter(RouterMetrics.DEPLOYMENTS);

        HttpResponse<String> response = post("/models/router-sample/deployments", "application/json", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        long key = body.path("deploymentKey").asLong();
        assertThat(key).isPositive();
        assertThat(response.headers().firstValue("Location")).contains("/deployments/" + key);
        assertThat(strings(body.path("resources"))).containsExactly("router-sample.bpmn");
        JsonNode process = body.path("processes").path(0);
        assertThat(process.path("bpmnProcessId").asString()).isEqualTo("router-sample");
        assertThat(process.path("version").asInt()).isPositive();
        assertThat(process.path("processDefinitionKey").asLong()).isPositive();
        assertThat(process.path("resourceName").asString()).isEqualTo("router-sample.bpmn");
        assertThat(strings(body.path("messages")))
                .containsExactly("Sample.Cancelled", "Sample.Confirmed", "Sample.Shipped", "Sample.Started");
        assertThat(strings(body.path("triggers"))).as("Trigger mode none").isEmpty();
        assertThat(deploymentKeys().getFirst()).isEqualTo(key);
        assertThat(json(get("/deployments/" + key)).path("model").asString()).isEqualTo("router-sample");
        assertThat(counter(RouterMetrics.DEPLOYMENTS)).isEqualTo(deployments + 1);
    }

    @Test
    void theProcessMonitorListsWhatWasDeployedAndSaysThatThisEngineGivesNoNumbers() {
        long definitionKey = json(post("/models/router-sample/deployments", "application/json", new byte[0]))
                .path("processes").path(0).path("processDefinitionKey").asLong();

        HttpResponse<String> response = get("/statistics");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode statistics = json(response);
        assertThat(statistics.path("available").asBoolean()).as("no statistics source in a plain router").isFalse();
        assertThat(statistics.path("detail").asString()).contains("Operate");
        JsonNode process = null;
        for (JsonNode candidate : statistics.path("processes")) {
            if (candidate.path("processDefinitionKey").asLong() == definitionKey) {
                process = candidate;
            }
        }
        assertThat(process).as("the deployed definition " + definitionKey).isNotNull();
        List<String> elements = new ArrayList<>();
        process.path("elements").forEach(element -> elements.add(element.path("id").asString()));
        assertThat(elements).containsSubsequence("Start_Started", "Catch_Confirmed", "Task_AskApproval",
                "Receive_Shipped", "End_Done");
    }

    @Test
    void anUnknownBundledModelIsNotFound() {
        HttpResponse<String> response = post("/models/no-such-model/deployments", "application/json", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("type").asString()).isEqualTo(PROBLEM + "unknown-model");
    }

    @Test
    void deploysUploadedFilesFromAMultipartForm() {
        String first = unique("upload-a");
        String second = unique("upload-b");

        HttpResponse<String> response = postMultipart(Map.of(
                first + ".bpmn", TestModels.xml(TestModels.startThenReceive(first, first + ".Go", first + ".Next")),
                second + ".bpmn", TestModels.xml(TestModels.emitter(second, 3, Map.of("type", "Test.X")))));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(strings(body.path("resources"))).containsExactlyInAnyOrder(first + ".bpmn", second + ".bpmn");
        List<String> processIds = new ArrayList<>();
        body.path("processes").forEach(process -> processIds.add(process.path("bpmnProcessId").asString()));
        assertThat(processIds).containsExactlyInAnyOrder(first, second);
        assertThat(strings(body.path("messages"))).containsExactly(first + ".Go", first + ".Next");
    }

    @Test
    void deploysARawXmlBodyUnderTheGivenName() {
        for (String contentType : List.of("application/xml", "text/xml", "application/octet-stream")) {
            String processId = unique("raw");

            HttpResponse<String> response = post("/deployments?name=" + processId + ".bpmn", contentType,
                    TestModels.xml(TestModels.emitter(processId, 3, Map.of("type", "Test.Raw")))
                            .getBytes(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).as(contentType).isEqualTo(201);
            assertThat(json(response).path("processes").path(0).path("bpmnProcessId").asString()).isEqualTo(processId);
            assertThat(json(response).path("processes").path(0).path("resourceName").asString())
                    .isEqualTo(processId + ".bpmn");
        }
    }

    @Test
    void invalidModelsAreRefusedAndNothingIsDeployed() {
        List<Long> before = deploymentKeys();
        double deployments = counter(RouterMetrics.DEPLOYMENTS);
        BpmnModelInstance noJobType = Bpmn.createExecutableProcess(unique("no-job-type")).startEvent()
                .serviceTask("Task_WithoutType").endEvent().done();
        BpmnModelInstance badExpression = Bpmn.createExecutableProcess(unique("bad-feel")).startEvent()
                .receiveTask("Receive_Bad").message(message -> message.name("Test.Bad")
                        .zeebeCorrelationKeyExpression("((( nonsense"))
                .endEvent().done();

        HttpResponse<String> notXml = post("/deployments?name=a.bpmn", "application/xml",
                "this is not xml".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> notBpmn = post("/deployments?name=b.bpmn", "application/xml",
                "<root/>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> zeebeInvalid = post("/deployments?name=c.bpmn", "application/xml",
                TestModels.xml(noJobType).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> engineRejected = post("/deployments?name=d.bpmn", "application/xml",
                TestModels.xml(badExpression).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> wrongName = post("/deployments?name=e.txt", "application/xml",
                TestModels.xml(TestModels.emitter(unique("named"), 3, Map.of("type", "Test.N")))
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> empty = post("/deployments?name=f.bpmn", "application/xml", new byte[0]);

        for (HttpResponse<String> response : List.of(notXml, notBpmn, zeebeInvalid, engineRejected, wrongName, empty)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).path("type").asString()).isEqualTo(PROBLEM + "invalid-model");
        }
        assertThat(json(zeebeInvalid).path("detail").asString()).contains("Task_WithoutType");
        assertThat(json(engineRejected).path("detail").asString()).contains("rejected");
        assertThat(deploymentKeys()).isEqualTo(before);
        assertThat(counter(RouterMetrics.DEPLOYMENTS)).isEqualTo(deployments);
    }

    @Test
    void listsDeploymentsNewestFirst() {
        String first = unique("older");
        String second = unique("newer");
        long older = json(post("/deployments?name=" + first + ".bpmn", "application/xml",
                TestModels.xml(TestModels.emitter(first, 3, Map.of("type", "Test.O"))).getBytes(StandardCharsets.UTF_8)))
                .path("deploymentKey").asLong();
        long newer = json(post("/deployments?name=" + second + ".bpmn", "application/xml",
                TestModels.xml(TestModels.emitter(second, 3, Map.of("type", "Test.N"))).getBytes(StandardCharsets.UTF_8)))
                .path("deploymentKey").asLong();

        List<Long> keys = deploymentKeys();

        assertThat(keys).containsSubsequence(newer, older);
        assertThat(get("/deployments/1").statusCode()).isEqualTo(404);
    }
}
