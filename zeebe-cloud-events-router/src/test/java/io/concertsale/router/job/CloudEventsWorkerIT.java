package io.concertsale.router.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.JobState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Job;
import io.cloudevents.CloudEvent;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.test.FreePorts;
import io.concertsale.router.test.RouterIntegrationSupport;
import io.concertsale.router.test.TestEngine;
import io.concertsale.router.test.TestModels;
import io.concertsale.router.test.Waiting;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The job worker of type {@code cloudevents} against the real engine and a real HTTP sink. */
class CloudEventsWorkerIT extends RouterIntegrationSupport {

    @AfterEach
    void sinkAcceptsAgain() {
        SINK.reset();
    }

    private static CloudEvent emittedBy(long instance) {
        return SINK.await(event -> String.valueOf(instance).equals(event.getExtension("processinstancekey")),
                "the event of instance " + instance);
    }

    private static JsonNode data(CloudEvent event) {
        return JSON.readTree(event.getData().toBytes());
    }

    @Test
    void anEmitTaskSendsItsEventAndCompletesOnlyAfterTheSinkAccepted() {
        String processId = unique("emit");
        deploy(TestModels.emitter(processId, 3, Map.of("type", "Test.Emitted", "source", "urn:test:custom-source",
                "variables", "orderId, amount,missing", "subject", "orders")), processId + ".bpmn");
        String key = unique("key");
        double completed = counter(RouterMetrics.JOBS_COMPLETED);
        SINK.hold();

        long instance = startInstance(processId, "{\"orderId\":\"o-1\",\"amount\":3,\"secret\":\"s\",\"correlationKey\":\""
                + key + "\"}");

        Waiting.until(() -> SINK.waiting() == 1, "the router's request held at the sink");
        Job job = ENGINE.awaitJob(instance, TestModels.TASK, any -> true, "created");
        assertThat(job.getState()).as("completed before the sink answered").isNotEqualTo(JobState.COMPLETED);

        SINK.release();

        CloudEvent event = emittedBy(instance);
        ENGINE.awaitCompleted(instance, TestModels.END);
        assertThat(ENGINE.jobs(instance, TestModels.TASK)).singleElement().extracting(Job::getState)
                .isEqualTo(JobState.COMPLETED);
        assertThat(event.getId()).isEqualTo(String.valueOf(job.getJobKey()));
        assertThat(event.getType()).isEqualTo("Test.Emitted");
        assertThat(event.getSource()).hasToString("urn:test:custom-source");
        assertThat(event.getSubject()).isEqualTo("orders");
        assertThat(event.getTime()).isNotNull();
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(data(event).propertyNames()).containsExactly("orderId", "amount");
        assertThat(data(event).path("orderId").asString()).isEqualTo("o-1");
        assertThat(data(event).path("amount").asInt()).isEqualTo(3);
        assertThat(event.getExtension("correlationkey")).isEqualTo(key);
        assertThat(event.getExtension("processinstancekey")).isEqualTo(String.valueOf(instance));
        assertThat(event.getExtension("elementid")).isEqualTo(TestModels.TASK);
        assertThat(event.getExtension("jobkey")).isEqualTo(String.valueOf(job.getJobKey()));
        assertThat(event.getExtension("bpmnprocessid")).isEqualTo(processId);
        assertThat(counter(RouterMetrics.JOBS_COMPLETED)).isGreaterThan(completed);
    }

    @Test
    void withoutVariablesHeaderTheDataIsEveryVariableAndTheSourceTheDefault() {
        String processId = unique("emit-all");
        deploy(TestModels.emitter(processId, 3, Map.of("type", "Test.AllVariables")), processId + ".bpmn");

        long instance = startInstance(processId, "{\"a\":1,\"b\":\"two\"}");

        CloudEvent event = emittedBy(instance);
        assertThat(data(event).propertyNames()).containsExactlyInAnyOrder("a", "b");
        assertThat(event.getSource()).hasToString("urn:concertsale:zeebe-cloud-events-router");
        assertThat(event.getExtension("correlationkey")).as("no correlationKey variable").isNull();
        ENGINE.awaitCompleted(instance, TestModels.END);
    }

    @Test
    void whenTheSinkFailsTheJobFailsWithOneRetryLessAndTheRetrySucceeds() {
        String processId = unique("emit-retry");
        deploy(TestModels.emitter(processId, 3, Map.of("type", "Test.Retried")), processId + ".bpmn");
        double failed = counter(RouterMetrics.JOBS_FAILED);
        SINK.fail(1, 503);
        // the failure is answered at once, the retry is held: the job stays failed until the sink lets it through
        SINK.hold();

        long instance = startInstance(processId, "{\"n\":1}");

        Waiting.until(() -> SINK.waiting() == 1, "the retry held at the sink");
        Job failure = ENGINE.awaitJob(instance, TestModels.TASK, job -> job.getState() == JobState.FAILED, "failed");
        assertThat(failure.getRetries()).isEqualTo(2);
        assertThat(failure.getErrorMessage()).contains("Test.Retried").contains("503");
        SINK.release();
        ENGINE.awaitCompleted(instance, TestModels.END);
        assertThat(ENGINE.jobs(instance, TestModels.TASK)).singleElement().extracting(Job::getState)
                .isEqualTo(JobState.COMPLETED);
        List<CloudEvent> attempts = SINK.received().stream()
                .filter(event -> String.valueOf(instance).equals(event.getExtension("processinstancekey"))).toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).getId()).as("the same id on the retry").isEqualTo(attempts.get(0).getId());
        assertThat(counter(RouterMetrics.JOBS_FAILED)).isGreaterThan(failed);
    }

    @Test
    void whenTheSinkStaysDownTheRetriesRunOutAndTheEngineRaisesAnIncident() {
        String processId = unique("emit-down");
        String nobodyListens = "http://127.0.0.1:" + FreePorts.next() + "/";
        deploy(TestModels.emitter(processId, 2, Map.of("type", "Test.Lost", "sink", nobodyListens)),
                processId + ".bpmn");

        double failed = counter(RouterMetrics.JOBS_FAILED);

        long instance = startInstance(processId, "{}");

        Incident incident = ENGINE.awaitIncident(instance);
        assertThat(incident.getElementId()).isEqualTo(TestModels.TASK);
        assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
        assertThat(incident.getErrorMessage()).contains("Could not emit Test.Lost").contains(nobodyListens);
        assertThat(ENGINE.jobs(instance, TestModels.TASK)).singleElement().satisfies(job -> {
            assertThat(job.getState()).isEqualTo(JobState.FAILED);
            assertThat(job.getRetries()).isZero();
            assertThat(job.getJobKey()).isEqualTo(incident.getJobKey());
        });
        assertThat(counter(RouterMetrics.JOBS_FAILED)).as("both attempts failed").isGreaterThanOrEqualTo(failed + 2);
        assertThat(ENGINE.completed(instance, TestModels.END)).isFalse();
    }

    @Test
    void aTaskWithoutTypeHeaderFailsAtOnceAndTheIncidentSaysWhy() {
        String processId = unique("emit-untyped");
        deploy(TestModels.emitter(processId, 3, Map.of("subject", "no type")), processId + ".bpmn");

        long instance = startInstance(processId, "{}");

        Incident incident = ENGINE.awaitIncident(instance);
        assertThat(incident.getErrorMessage()).contains("no 'type' header");
        assertThat(ENGINE.jobs(instance, TestModels.TASK)).singleElement().satisfies(job -> {
            assertThat(job.getState()).isEqualTo(JobState.FAILED);
            assertThat(job.getRetries()).as("no retry: a second attempt cannot do better").isZero();
        });
    }

    @Test
    void anEmitAndWaitTaskWaitsForItsReplyWhichCompletesItWithTheReplysData() {
        String processId = unique("wait");
        deploy(TestModels.waiter(processId, "Test.ApprovalRequested", "DECLINED"), processId + ".bpmn");
        String key = unique("key");

        long instance = startInstance(processId, "{\"correlationKey\":\"" + key + "\"}");

        CloudEvent request = emittedBy(instance);
        assertThat(request.getType()).isEqualTo("Test.ApprovalRequested");
        Job extended = ENGINE.awaitJob(instance, TestModels.TASK, TestEngine.WAITS_FOR_REPLY,
                "its timeout extended to wait for the reply");
        assertThat(extended.getJobKey()).hasToString(String.valueOf(request.getExtension("jobkey")));
        assertThat(extended.getState()).isNotEqualTo(JobState.COMPLETED);
        CloudEvent reply = event("Test.Approved", key, "{\"approved\":true,\"approver\":\"ann\"}")
                .withExtension("jobkey", String.valueOf(request.getExtension("jobkey"))).build();

        HttpResponse<String> response = postBinary(reply);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("duplicate").asBoolean()).isFalse();
        ENGINE.awaitCompleted(instance, TestModels.END);
        assertThat(ENGINE.variable(instance, "approver")).contains("\"ann\"");

        HttpResponse<String> again = postStructured(reply);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(ENGINE.jobs(instance, TestModels.TASK)).singleElement().extracting(Job::getState)
                .isEqualTo(JobState.COMPLETED);
    }

    @Test
    void aReplyOfAMappedTypeThrowsTheBpmnErrorAndTheInstanceTakesTheErrorPath() {
        String processId = unique("wait-error");
        deploy(TestModels.waiter(processId, "Test.PaymentRequested", "DECLINED"), processId + ".bpmn");
        String key = unique("key");
        long instance = startInstance(processId, "{\"correlationKey\":\"" + key + "\"}");
        CloudEvent request = emittedBy(instance);
        ENGINE.awaitJob(instance, TestModels.TASK, TestEngine.WAITS_FOR_REPLY,
                "its timeout extended to wait for the reply");

        HttpResponse<String> response = postBinary(event("Test.Declined", key,
                "{\"message\":\"card declined\",\"reason\":\"funds\"}")
                .withExtension("jobkey", String.valueOf(request.getExtension("jobkey"))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("errorCode").asString()).isEqualTo("DECLINED");
        ENGINE.awaitCompleted(instance, TestModels.ERROR_END);
        assertThat(ENGINE.completed(instance, TestModels.END)).isFalse();
    }

    @Test
    void aReplyWhoseJobKeyIsNotANumberIsRefused() {
        HttpResponse<String> response = postBinary(event("Test.Approved", unique("key"), "{}")
                .withExtension("jobkey", "not-a-key").build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("type").asString())
                .isEqualTo("urn:zeebe-cloud-events-router:problem:invalid-job-key");
    }

    @Test
    void theRoutersOwnEmissionDeliveredBackIsAMessageNotAReply() {
        String key = unique("key");
        HttpResponse<String> withKey = postBinary(event("Test.Echo", key, "{}").withId("987654321")
                .withExtension("jobkey", "987654321").build());
        HttpResponse<String> withoutKey = postBinary(event("Test.Echo", null, "{}").withId("987654322")
                .withExtension("jobkey", "987654322").build());

        assertThat(withKey.statusCode()).isEqualTo(202);
        assertThat(json(withKey).path("messageName").asString()).isEqualTo("Test.Echo");
        assertThat(withoutKey.statusCode()).isEqualTo(200);
        assertThat(json(withoutKey).path("ignored").asBoolean()).isTrue();
    }
}
