package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.RecordListener;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway calls as a Zeebe client makes them: long polling, job streams, results, and what is not served. */
class GatewayApiTest {

    static EngineHarness harness;

    @BeforeAll
    static void start() {
        harness = EngineHarness.inMemory();
        harness.deploy(Bpmn.createExecutableProcess("work")
                .startEvent("Start").serviceTask("Task", t -> t.zeebeJobType("api-work")).endEvent("End").done());
        harness.deploy(Bpmn.createExecutableProcess("streamed")
                .startEvent("Start").serviceTask("Task", t -> t.zeebeJobType("streamed-work")).endEvent("End")
                .done());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theTopologyIsOneHealthyBrokerWithOnePartition() {
        Topology topology = harness.client.newTopologyRequest().send().join();
        assertThat(topology.getClusterSize()).isEqualTo(1);
        assertThat(topology.getPartitionsCount()).isEqualTo(1);
        assertThat(topology.getBrokers()).singleElement().satisfies(broker -> assertThat(broker.getPartitions())
                .singleElement().satisfies(partition -> assertThat(partition.isLeader()).isTrue()));
    }

    @Test
    void aLongPollAnswersAsSoonAsAJobComes() throws Exception {
        CompletableFuture<ActivateJobsResponse> poll = harness.client.newActivateJobsCommand().jobType("api-work")
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(20)).send()
                .toCompletableFuture();
        Thread.sleep(300);
        assertThat(poll).as("no job yet: the request waits").isNotDone();
        long instance = harness.start("work", Map.of("order", "o-9"));
        ActivateJobsResponse response = poll.get(10, TimeUnit.SECONDS);
        assertThat(response.getJobs()).singleElement().satisfies(job -> {
            assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
            assertThat(job.getVariablesAsMap()).containsEntry("order", "o-9");
        });
        harness.client.newCompleteCommand(response.getJobs().getFirst()).send().join();
    }

    @Test
    void aLongPollWithoutJobsAnswersEmptyAtItsRequestTimeout() {
        ActivateJobsResponse response = harness.client.newActivateJobsCommand().jobType("nobody-creates-these")
                .maxJobsToActivate(5).requestTimeout(Duration.ofMillis(400)).send().join();
        assertThat(response.getJobs()).isEmpty();
    }

    @Test
    void aJobWorkerWithStreamingGetsItsJobsPushed() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        try (JobWorker worker = harness.client.newWorker().jobType("streamed-work").handler((client, job) -> {
            handled.add(job.getProcessInstanceKey());
            client.newCompleteCommand(job).send().join();
        }).streamEnabled(true).pollInterval(Duration.ofHours(1)).open()) {
            harness.await(() -> {
                // the first poll of the worker happens at once; what comes after it must come through the stream
                return worker.isOpen();
            }, "the worker open");
            sleep(500);
            long first = harness.start("streamed", Map.of());
            long second = harness.start("streamed", Map.of());
            harness.await(() -> handled.containsAll(List.of(first, second)), "both jobs through the stream");
            assertThat(harness.ended(first, "streamed")).isTrue();
        }
    }

    @Test
    void anInstanceCreatedWithResultAnswersWithItsVariablesWhenItEnds() throws Exception {
        CompletableFuture<ProcessInstanceResult> result = harness.client.newCreateInstanceCommand()
                .bpmnProcessId("work").latestVersion().variables(Map.of("in", 1)).withResult()
                .fetchVariables("in", "out").requestTimeout(Duration.ofSeconds(20)).send().toCompletableFuture();
        harness.await(() -> {
            var jobs = harness.jobs("api-work");
            jobs.forEach(job -> harness.client.newCompleteCommand(job).variables(Map.of("out", 2, "noise", 3))
                    .send().join());
            return result.isDone();
        }, "the result");
        assertThat(result.get().getVariablesAsMap()).containsOnly(Map.entry("in", 1), Map.entry("out", 2));
    }

    @Test
    void aCancelledInstanceIsTerminatedWithItsJob() {
        long instance = harness.start("work", Map.of());
        harness.idle();
        harness.client.newCancelInstanceCommand(instance).send().join();
        assertThat(harness.terminated(instance)).containsExactly("Task", "work");
        assertThatThrownBy(() -> harness.client.newCancelInstanceCommand(instance).send().join())
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void variablesSetOnAnInstanceAreWhatItsJobsSee() {
        long instance = harness.start("work", Map.of("step", 1));
        harness.client.newSetVariablesCommand(instance).variables(Map.of("step", 2, "extra", "x")).send().join();
        var job = harness.jobs("api-work").stream().filter(j -> j.getProcessInstanceKey() == instance).findFirst()
                .orElseThrow();
        assertThat(job.getVariablesAsMap()).containsEntry("step", 2).containsEntry("extra", "x");
        harness.client.newCompleteCommand(job).send().join();
    }

    @Test
    void aListenerGetsOnlyTheKindsOfRecordsItWants() {
        List<EngineRecord> elementsOnly = new CopyOnWriteArrayList<>();
        harness.engine.addListener(new RecordListener() {
            @Override
            public void onRecord(EngineRecord record) {
                elementsOnly.add(record);
            }

            @Override
            public boolean wants(Class<? extends EngineRecord> kind) {
                return kind == EngineRecord.Element.class;
            }
        });
        long instance = harness.start("work", Map.of("order", "o-1"));
        harness.completeAll("api-work", Map.of("done", true));
        assertThat(harness.ended(instance, "work")).isTrue();

        assertThat(elementsOnly).as("the instance's elements, nothing else").isNotEmpty()
                .allSatisfy(record -> assertThat(record).isInstanceOf(EngineRecord.Element.class));
        assertThat(harness.history.of(EngineRecord.Variable.class)
                .filter(variable -> variable.processInstanceKey() == instance))
                .as("a listener that wants every kind still gets the variables").isNotEmpty();
    }

    @Test
    void badInputIsRefusedAndWhatTheEngineDoesNotServeSaysSo() {
        assertThatThrownBy(() -> harness.client.newCreateInstanceCommand().bpmnProcessId("work").latestVersion()
                .variables("[1, 2]").send().join())
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> harness.client.newCreateInstanceCommand().bpmnProcessId("no-such-process")
                .latestVersion().send().join())
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> harness.client.newCompleteCommand(123L).send().join())
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> harness.client.newBroadcastSignalCommand().signalName("go").send().join())
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getStatus().getDescription()).contains("BroadcastSignal");
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
