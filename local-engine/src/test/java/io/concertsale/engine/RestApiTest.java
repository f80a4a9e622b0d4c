package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.BrokerInfo;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.PartitionBrokerHealth;
import io.camunda.client.api.response.PartitionBrokerRole;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.JobState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.Variable;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Camunda 8's REST API as the local engine serves it, through {@code camunda-client-java} set to prefer REST (its
 * gRPC address points at the REST port, where gRPC cannot work, so a call that fell back to gRPC would fail), and
 * through plain HTTP for what a client library would never send.
 */
class RestApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EngineHarness harness;
    private static CamundaClient rest;
    private static URI restAddress;

    @BeforeAll
    static void start() {
        harness = new EngineHarness(EngineOptions.inMemory().withRestPort(0).withSearchHistory(100)
                .withClockControl(true));
        restAddress = harness.engine.restAddress().orElseThrow();
        rest = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .restAddress(restAddress).grpcAddress(restAddress)
                .preferRestOverGrpc(true).build();
    }

    @AfterAll
    static void stop() {
        rest.close();
        harness.close();
    }

    private static BpmnModelInstance waitingProcess(String id) {
        return Bpmn.createExecutableProcess(id).startEvent().userTask("later").zeebeUserTask().endEvent().done();
    }

    @Test
    void theTopologyIsOneHealthyLeaderOfTheGatewayVersion() {
        Topology topology = rest.newTopologyRequest().useRest().send().join();

        assertThat(topology.getClusterSize()).isEqualTo(1);
        assertThat(topology.getPartitionsCount()).isEqualTo(1);
        assertThat(topology.getGatewayVersion()).isEqualTo(io.concertsale.engine.grpc.GatewayService.PROTOCOL_VERSION);
        BrokerInfo broker = topology.getBrokers().getFirst();
        assertThat(broker.getPartitions()).singleElement().satisfies(partition -> {
            assertThat(partition.getRole()).isEqualTo(PartitionBrokerRole.LEADER);
            assertThat(partition.getHealth()).isEqualTo(PartitionBrokerHealth.HEALTHY);
        });
    }

    @Test
    void aDeploymentOverRestIsTheSameEngineStateAsOverGrpc() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("rest-deployed").startEvent().serviceTask("work",
                task -> task.zeebeJobType("rest-work")).endEvent().done();

        DeploymentEvent first = rest.newDeployResourceCommand()
                .addResourceString(Bpmn.convertToString(model), StandardCharsets.UTF_8, "rest-deployed.bpmn")
                .send().join();
        DeploymentEvent unchanged = rest.newDeployResourceCommand()
                .addResourceString(Bpmn.convertToString(model), StandardCharsets.UTF_8, "rest-deployed.bpmn")
                .send().join();

        assertThat(first.getProcesses()).singleElement().satisfies(process -> {
            assertThat(process.getBpmnProcessId()).isEqualTo("rest-deployed");
            assertThat(process.getVersion()).isEqualTo(1);
            assertThat(process.getResourceName()).isEqualTo("rest-deployed.bpmn");
            assertThat(process.getProcessDefinitionKey()).isPositive();
        });
        assertThat(unchanged.getProcesses().getFirst().getProcessDefinitionKey())
                .isEqualTo(first.getProcesses().getFirst().getProcessDefinitionKey());
        // the gRPC client starts what REST deployed
        long instance = harness.start("rest-deployed", Map.of());
        assertThat(harness.jobs("rest-work")).singleElement()
                .satisfies(job -> assertThat(job.getProcessInstanceKey()).isEqualTo(instance));
    }

    @Test
    void aModelWithAnElementTheEngineDoesNotRunIsRefusedNamingIt() {
        String xml = Bpmn.convertToString(waitingProcess("with-user-task"));

        assertThatThrownBy(() -> rest.newDeployResourceCommand()
                .addResourceString(xml, StandardCharsets.UTF_8, "user-task.bpmn").send().join())
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.code()).isEqualTo(400);
                    assertThat(problem.details().getDetail()).contains("later").contains("userTask");
                });
    }

    @Test
    void anInstanceStartedOverRestRunsAndCanBeCancelledOverRest() {
        harness.deploy(Bpmn.createExecutableProcess("rest-started").startEvent()
                .intermediateCatchEvent("wait").message(message -> message.name("never")
                        .zeebeCorrelationKeyExpression("=orderId"))
                .endEvent().done());

        ProcessInstanceEvent started = rest.newCreateInstanceCommand().bpmnProcessId("rest-started").latestVersion()
                .variables(Map.of("orderId", "o-1")).send().join();
        harness.idle();
        assertThat(started.getBpmnProcessId()).isEqualTo("rest-started");
        assertThat(started.getVersion()).isEqualTo(1);
        assertThat(harness.engine.activeInstances()).isPositive();

        rest.newCancelInstanceCommand(started.getProcessInstanceKey()).useRest().send().join();
        harness.idle();
        assertThat(harness.history.of(EngineRecord.Element.class)
                .filter(record -> record.processInstanceKey() == started.getProcessInstanceKey())
                .filter(record -> record.elementType() == ElementType.PROCESS)
                .map(EngineRecord.Element::intent)).contains(ElementIntent.TERMINATED);
        assertThatThrownBy(() -> rest.newCancelInstanceCommand(started.getProcessInstanceKey()).useRest().send()
                .join()).isInstanceOfSatisfying(ProblemException.class,
                        problem -> assertThat(problem.code()).isEqualTo(404));
    }

    @Test
    void anInstanceAwaitedOverRestAnswersWithItsVariables() {
        harness.deploy(Bpmn.createExecutableProcess("rest-awaited").startEvent().endEvent().done());

        ProcessInstanceResult result = rest.newCreateInstanceCommand().bpmnProcessId("rest-awaited").latestVersion()
                .variables(Map.of("a", 1, "b", "two")).withResult().fetchVariables("b").send().join();

        assertThat(result.getBpmnProcessId()).isEqualTo("rest-awaited");
        assertThat(result.getVariablesAsMap()).isEqualTo(Map.of("b", "two"));
    }

    @Test
    void anInstanceOfAProcessNobodyDeployedIsNotFound() {
        assertThatThrownBy(() -> rest.newCreateInstanceCommand().bpmnProcessId("nobody-deployed-this")
                .latestVersion().send().join()).isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.code()).isEqualTo(404);
                    assertThat(problem.details().getDetail()).contains("nobody-deployed-this");
                });
    }

    @Test
    void whatTheEngineDoesNotServeAnswers501AsProblemJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(restAddress.resolve("/v2/jobs/activation"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("/v2/jobs/activation").contains("does not serve");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        int before = harness.engine.activeInstances();
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/deployments")).GET()).statusCode())
                .isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2]"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":"))).statusCode())
                .isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
        HttpResponse<String> otherTenant = send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"x\",\"tenantId\":\"acme\"}")));
        assertThat(otherTenant.statusCode()).isEqualTo(400);
        assertThat(otherTenant.body()).contains("acme");
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances/not-a-key/cancellation"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(restAddress.resolve("/v2/process-instances/99999999999999999999"
                + "/cancellation")).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);

        assertThat(deploy("boundary-1", "--boundary-1\r\nContent-Disposition: form-data; name=\"resources\"\r\n\r\n"
                + "<x/>\r\n--boundary-1--\r\n").statusCode()).as("a resource without a file name").isEqualTo(400);
        assertThat(deploy("boundary-2", "--boundary-2\r\nContent-Disposition: form-data; name=\"resources\";"
                + " filename=\"cut.bpmn\"\r\n\r\n<definitions").statusCode()).as("no closing boundary")
                .isEqualTo(400);
        assertThat(deploy("boundary-3", "--boundary-3--\r\n").statusCode()).as("no resource").isEqualTo(400);
        HttpResponse<String> notBpmn = deploy("boundary-4", "--boundary-4\r\nContent-Disposition: form-data;"
                + " name=\"resources\"; filename=\"notes.bpmn\"\r\n\r\nthis is not XML\r\n--boundary-4--\r\n");
        assertThat(notBpmn.statusCode()).isEqualTo(400);
        assertThat(notBpmn.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(notBpmn.body()).contains("notes.bpmn");
        // a body announced above 4MB is refused before it is read: only the head is sent, as the refusal closes the
        // connection and a client still writing the body could see it reset before the answer
        assertThat(announcing("/v2/deployments", 5 * 1024 * 1024, "multipart/form-data; boundary=b5"))
                .startsWith("HTTP/1.1 413");

        harness.idle();
        assertThat(harness.engine.activeInstances()).isEqualTo(before);
        assertThat(harness.history.of(EngineRecord.ProcessDeployed.class)
                .filter(process -> process.bpmnProcessId().equals("x"))).isEmpty();
    }

    @Test
    void aSearchFindsAnInstanceByItsVariableAndListsItsElementsInTheOrderTheyStarted() {
        harness.deploy(Bpmn.createExecutableProcess("searched").startEvent("start")
                .receiveTask("wait").message(message -> message.name("go").zeebeCorrelationKeyExpression("=orderId"))
                .endEvent("end").done());
        long instance = harness.start("searched", Map.of("orderId", "order-searched", "other", 7));
        harness.idle();

        List<ProcessInstance> found = rest.newProcessInstanceSearchRequest()
                .filter(filter -> filter.processDefinitionId("searched").variables(Map.of("orderId",
                        "\"order-searched\""))).send().join().items();
        assertThat(found).singleElement().satisfies(process -> {
            assertThat(process.getProcessInstanceKey()).isEqualTo(instance);
            assertThat(process.getState()).isEqualTo(ProcessInstanceState.ACTIVE);
            assertThat(process.getProcessDefinitionVersion()).isEqualTo(1);
        });
        assertThat(rest.newProcessInstanceSearchRequest().filter(filter -> filter.variables(Map.of("orderId",
                "\"someone-else\""))).send().join().items()).isEmpty();
        assertThat(elements(instance)).containsExactly("start:COMPLETED", "wait:ACTIVE");

        harness.publish("go", "order-searched", Map.of());
        harness.idle();
        assertThat(elements(instance)).containsExactly("start:COMPLETED", "wait:COMPLETED", "end:COMPLETED");
        assertThat(rest.newProcessInstanceSearchRequest().filter(filter -> filter.processInstanceKey(instance))
                .send().join().items()).singleElement().satisfies(process -> {
                    assertThat(process.getState()).isEqualTo(ProcessInstanceState.COMPLETED);
                    assertThat(process.getEndDate()).isNotNull();
                });
    }

    private static List<String> elements(long instance) {
        return rest.newElementInstanceSearchRequest().filter(filter -> filter.processInstanceKey(instance))
                .sort(sort -> sort.elementInstanceKey().asc()).send().join().items().stream()
                .map(element -> element.getElementId() + ":" + element.getState()).toList();
    }

    @Test
    void jobsIncidentsVariablesAndDefinitionsAreSearchedAsCamundaAnswersThem() {
        harness.deploy(Bpmn.createExecutableProcess("searched-jobs").startEvent().endEvent().done());
        harness.deploy(Bpmn.createExecutableProcess("searched-jobs").startEvent()
                .serviceTask("charge").zeebeJobType("searched-charge").zeebeTaskHeader("kind", "card").endEvent().done());
        long instance = harness.start("searched-jobs", Map.of("amount", 3, "card", "visa"));
        ActivatedJob job = harness.jobs("searched-charge").getFirst();
        harness.idle();
        assertThat(rest.newJobSearchRequest().filter(filter -> filter.processInstanceKey(instance)).send().join()
                .items()).singleElement().satisfies(activated -> {
                    assertThat(activated.getState()).as("an activation is no state of its own")
                            .isEqualTo(JobState.CREATED);
                    assertThat(activated.getDeadline()).as("activated until").isNotNull();
                });
        harness.client.newFailCommand(job).retries(0).errorMessage("card declined").send().join();
        harness.idle();

        assertThat(rest.newProcessDefinitionSearchRequest().filter(filter -> filter
                .processDefinitionId("searched-jobs")).sort(sort -> sort.version().asc()).send().join().items())
                .extracting(ProcessDefinition::getVersion).containsExactly(1, 2);
        assertThat(rest.newProcessDefinitionSearchRequest().filter(filter -> filter
                .processDefinitionId("searched-jobs").isLatestVersion(true)).send().join().items())
                .extracting(ProcessDefinition::getVersion).containsExactly(2);
        assertThat(rest.newJobSearchRequest().filter(filter -> filter.processInstanceKey(instance)).send().join()
                .items()).singleElement().satisfies(found -> {
                    assertThat(found.getJobKey()).isEqualTo(job.getKey());
                    assertThat(found.getState()).isEqualTo(JobState.FAILED);
                    assertThat(found.getRetries()).isZero();
                    assertThat(found.getErrorMessage()).isEqualTo("card declined");
                    assertThat(found.getElementId()).isEqualTo("charge");
                    assertThat(found.getCustomerHeaders()).containsEntry("kind", "card");
                });
        assertThat(rest.newIncidentSearchRequest().filter(filter -> filter.processInstanceKey(instance)).send().join()
                .items()).singleElement().satisfies(incident -> {
                    assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
                    assertThat(incident.getErrorMessage()).isEqualTo("card declined");
                    assertThat(incident.getState()).isEqualTo(IncidentState.ACTIVE);
                    assertThat(incident.getJobKey()).isEqualTo(job.getKey());
                });
        assertThat(rest.newVariableSearchRequest().filter(filter -> filter.processInstanceKey(instance))
                .sort(sort -> sort.name().asc()).send().join().items())
                .extracting(Variable::getName, Variable::getValue)
                .containsExactly(tuple("amount", "3"), tuple("card", "\"visa\""));

        harness.client.newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
        long incidentKey = rest.newIncidentSearchRequest().filter(filter -> filter.processInstanceKey(instance))
                .send().join().items().getFirst().getIncidentKey();
        harness.client.newResolveIncidentCommand(incidentKey).send().join();
        harness.completeAll("searched-charge", Map.of("receipt", "r-1"));

        assertThat(rest.newJobSearchRequest().filter(filter -> filter.processInstanceKey(instance)).send().join()
                .items()).singleElement().satisfies(found -> {
                    assertThat(found.getState()).isEqualTo(JobState.COMPLETED);
                    assertThat(found.getEndTime()).isNotNull();
                });
        assertThat(rest.newIncidentSearchRequest().filter(filter -> filter.processInstanceKey(instance)
                .state(IncidentState.RESOLVED)).send().join().items()).hasSize(1);
        assertThat(rest.newVariableSearchRequest().filter(filter -> filter.processInstanceKey(instance)
                .name("receipt")).send().join().items()).extracting(Variable::getValue).containsExactly("\"r-1\"");
    }

    @Test
    void aPinnedClockFiresTheTimersThatFallDueAndGoesBackAsZeebesDoes() throws Exception {
        harness.deploy(Bpmn.createExecutableProcess("pinned").startEvent()
                .intermediateCatchEvent("an-hour").timerWithDuration("PT1H").endEvent().done());
        long instance = harness.start("pinned", Map.of());
        harness.idle();
        long now = harness.engine.clock().millis();

        rest.newPinClockCommand().time(now + Duration.ofMinutes(59).toMillis()).send().join();
        harness.idle();
        assertThat(elements(instance)).contains("an-hour:ACTIVE");
        rest.newPinClockCommand().time(now + Duration.ofMinutes(61).toMillis()).send().join();
        harness.idle();
        assertThat(elements(instance)).contains("an-hour:COMPLETED");
        assertThat(harness.engine.clock().millis()).as("pinned: the clock stands still")
                .isEqualTo(now + Duration.ofMinutes(61).toMillis());

        rest.newPinClockCommand().time(now - Duration.ofMinutes(5).toMillis()).send().join();
        assertThat(harness.engine.clock().millis()).as("pinned back, as Zeebe's clock may be")
                .isEqualTo(now - Duration.ofMinutes(5).toMillis());
        assertThat(elements(instance)).as("what happened stays done").contains("an-hour:COMPLETED");
        HttpResponse<String> negative = send(HttpRequest.newBuilder(restAddress.resolve("/v2/clock"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"timestamp\": -1}")));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("-1");
        assertThat(harness.engine.clock().millis()).isEqualTo(now - Duration.ofMinutes(5).toMillis());

        long before = System.currentTimeMillis();
        rest.newResetClockCommand().send().join();
        assertThat(harness.engine.clock().millis()).as("running again on the system time")
                .isBetween(before, System.currentTimeMillis());
    }

    @Test
    void anEngineWithoutClockControlOrSearchRefusesThem() throws Exception {
        try (EngineHarness plain = new EngineHarness(EngineOptions.inMemory().withRestPort(0))) {
            URI address = plain.engine.restAddress().orElseThrow();
            HttpResponse<String> pin = send(HttpRequest.newBuilder(address.resolve("/v2/clock"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"timestamp\": 4102444800000}")));
            assertThat(pin.statusCode()).isEqualTo(403);
            assertThat(send(HttpRequest.newBuilder(address.resolve("/v2/process-instances/search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(501);
        }
    }

    @Test
    void aSearchByAFieldTheEngineDoesNotKnowIsRefusedNotIgnored() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(restAddress.resolve(
                "/v2/element-instances/search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filter\": {\"elementInstanceScopeKey\": \"1\"}}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("elementInstanceScopeKey");

        HttpResponse<String> operator = send(HttpRequest.newBuilder(restAddress.resolve("/v2/jobs/search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filter\": {\"retries\": {\"$gte\": 1}}}")));
        assertThat(operator.statusCode()).isEqualTo(400);
        assertThat(operator.body()).contains("$gte");
        HttpResponse<String> notAList = send(HttpRequest.newBuilder(restAddress.resolve("/v2/variables/search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filter\": {\"name\": {\"$in\": \"amount\"}}}")));
        assertThat(notAList.statusCode()).isEqualTo(400);
        HttpResponse<String> notAnObject = send(HttpRequest.newBuilder(restAddress.resolve("/v2/incidents/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1, 2]")));
        assertThat(notAnObject.statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyDeclaredAboveTheLimitIsRefusedBeforeItIsSentAndAChunkedOneAsItGoesAbove() throws Exception {
        int before = harness.engine.activeInstances();
        String announced = rawPost("/v2/deployments", "Content-Type: multipart/form-data; boundary=b6\r\n"
                + "Content-Length: 20000000\r\n", null);
        assertThat(announced).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains("at most 4194304 bytes");

        byte[] chunked = new byte[4 * 1024 * 1024 + 64 * 1024];
        java.util.Arrays.fill(chunked, (byte) ' ');
        String instance = rawPost("/v2/process-instances", "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n", chunked);
        assertThat(instance).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains("at most 4194304 bytes");

        String within = rawPost("/v2/process-instances", "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n", "{\"processDefinitionId\":\"none-such\"}".getBytes(
                StandardCharsets.US_ASCII));
        assertThat(within).as("a small chunked body is read").startsWith("HTTP/1.1 404");
        harness.idle();
        assertThat(harness.engine.activeInstances()).isEqualTo(before);
    }

    /**
     * A POST over a plain socket: the head's extra lines, then the body in chunks of 64 KB unless null (no body sent
     * at all), stopping as soon as the server answers; returns the answer's head and body as text.
     */
    private static String rawPost(String path, String headers, byte[] chunkedBody) throws Exception {
        try (Socket socket = new Socket(restAddress.getHost(), restAddress.getPort())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + restAddress.getAuthority() + "\r\n" + headers
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (chunkedBody != null) {
                try {
                    for (int offset = 0; offset < chunkedBody.length && in.available() == 0; offset += 65536) {
                        int length = Math.min(65536, chunkedBody.length - offset);
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunkedBody, offset, length);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    // the server stopped reading: its answer is there to read
                }
            }
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("\"instance\"")) {
                        break;
                    }
                }
            } catch (java.net.SocketException e) {
                // a reset after the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> deploy(String boundary, String body) throws Exception {
        return send(HttpRequest.newBuilder(restAddress.resolve("/v2/deployments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The head of a POST announcing a body of this size, over a raw socket; the answer's status line and headers. */
    private String announcing(String path, int length, String contentType) throws IOException {
        try (Socket socket = new Socket(restAddress.getHost(), restAddress.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + restAddress.getHost() + ":"
                    + restAddress.getPort() + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] head = new byte[256];
            int read = socket.getInputStream().read(head);
            return new String(head, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
        }
    }
}
