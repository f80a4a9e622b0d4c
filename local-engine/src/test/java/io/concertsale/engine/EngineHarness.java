package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.RecordedHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A local engine with a real gRPC client (camunda-client-java) and its recorded history. */
final class EngineHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final LocalEngine engine;
    final CamundaClient client;
    final RecordedHistory history = new RecordedHistory();

    EngineHarness(EngineOptions options) {
        this.engine = LocalEngine.start(options, history);
        this.client = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(engine.grpcAddress())
                .restAddress(engine.grpcAddress()).preferRestOverGrpc(false).build();
    }

    static EngineHarness inMemory() {
        return new EngineHarness(EngineOptions.inMemory());
    }

    long deploy(BpmnModelInstance model) {
        return client.newDeployResourceCommand()
                .addResourceString(Bpmn.convertToString(model), StandardCharsets.UTF_8, "model.bpmn").send().join()
                .getProcesses().getFirst().getProcessDefinitionKey();
    }

    long start(String processId, Map<String, Object> variables) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    void publish(String name, String key, Map<String, Object> variables) {
        client.newPublishMessageCommand().messageName(name).correlationKey(key).variables(variables)
                .timeToLive(Duration.ofMinutes(1)).send().join();
    }

    List<ActivatedJob> jobs(String type) {
        idle();
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(50).timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    /** Activates and completes every job of the type until none is left; returns how many. */
    int completeAll(String type, Map<String, Object> variables) {
        int count = 0;
        for (List<ActivatedJob> jobs = jobs(type); !jobs.isEmpty(); jobs = jobs(type)) {
            for (ActivatedJob job : jobs) {
                client.newCompleteCommand(job).variables(variables).send().join();
                count++;
            }
        }
        return count;
    }

    void passTime(Duration duration) {
        engine.clock().advance(duration);
        idle();
    }

    void idle() {
        assertThat(engine.awaitIdle(WAIT)).as("the engine became idle").isTrue();
    }

    List<EngineRecord.Element> elements(long instance) {
        return history.of(EngineRecord.Element.class).filter(r -> r.processInstanceKey() == instance).toList();
    }

    List<String> completed(long instance) {
        idle();
        return elements(instance).stream().filter(r -> r.intent() == ElementIntent.COMPLETED)
                .map(EngineRecord.Element::elementId).toList();
    }

    List<String> terminated(long instance) {
        idle();
        return elements(instance).stream().filter(r -> r.intent() == ElementIntent.TERMINATED)
                .map(EngineRecord.Element::elementId).toList();
    }

    boolean ended(long instance, String processId) {
        idle();
        return elements(instance).stream().anyMatch(r -> r.elementId().equals(processId)
                && r.intent() != ElementIntent.ACTIVATED);
    }

    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited in vain for " + what);
            }
            idle();
        }
    }

    @Override
    public void close() {
        client.close();
        engine.close();
    }
}
