package io.concertsale.bpmn;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.EngineRecord.TimerIntent;
import io.concertsale.engine.record.RecordedHistory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local engine (module {@code local-engine}) in memory with the bundled models, driven the way the Zeebe
 * CloudEvents Router drives it: every event becomes a message named by its type, correlated by the session id and
 * carrying the event data plus the variable {@code correlationKey}; a test job worker for the task type
 * {@code cloudevents} records the event each job would emit (the {@code type} header and the variables named by the
 * {@code variables} header) and completes the job. The worker runs whenever the test waits (it activates jobs once
 * the engine is idle, instead of polling all the time), so that the engine's idle state means "nothing more will
 * happen until the test acts". One per test class.
 */
final class TicketsEngine implements AutoCloseable {

    /** How long the tests wait for something the engine does asynchronously: generous, never a performance bound. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration MESSAGE_TIME_TO_LIVE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(TicketsEngine.class);

    private final LocalEngine engine;
    private final RecordedHistory history;
    private final CamundaClient client;
    private final List<Emitted> emitted = new ArrayList<>();

    private TicketsEngine(LocalEngine engine, RecordedHistory history, CamundaClient client) {
        this.engine = engine;
        this.history = history;
        this.client = client;
    }

    /** Starts an engine in memory on a free port, recording its history, and a client speaking gRPC to it. */
    static TicketsEngine start() {
        RecordedHistory history = new RecordedHistory();
        LocalEngine engine = LocalEngine.start(EngineOptions.inMemory(), history);
        URI address = engine.grpcAddress();
        CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(address).restAddress(address)
                .preferRestOverGrpc(false).build();
        return new TicketsEngine(engine, history, client);
    }

    /** Deploys a bundled model by name ({@code tickets-v1} ...); returns the process definition it deployed. */
    Process deploy(String model) {
        DeploymentEvent deployment = client.newDeployResourceCommand()
                .addResourceFromClasspath(TicketsModels.resource(model)).send().join();
        return deployment.getProcesses().getFirst();
    }

    /** A new customer with its own sale session id, which is the correlation key of all its events. */
    Customer customer() {
        return new Customer(this, "session-" + UUID.randomUUID());
    }

    /**
     * Publishes an event as the router does: message name = type, correlation key = session, variables = data plus
     * {@code correlationKey}, a unique message id and a time to live so early events wait for their subscription.
     */
    void publish(String type, String sessionId, Map<String, Object> data) {
        Map<String, Object> variables = new LinkedHashMap<>(data);
        variables.put("correlationKey", sessionId);
        client.newPublishMessageCommand().messageName(type).correlationKey(sessionId)
                .messageId(UUID.randomUUID().toString()).timeToLive(MESSAGE_TIME_TO_LIVE).variables(variables)
                .send().join();
    }

    /**
     * Moves the engine's clock (timers fire as if that time had passed) and waits until the engine and the worker
     * have done all that follows.
     */
    void passTime(Duration duration) {
        engine.clock().advance(duration);
        runJobs();
    }

    /**
     * The test job worker: once the engine is idle, activates the {@code cloudevents} jobs, records and completes
     * them, and goes on until the engine is idle with no job left.
     */
    void runJobs() {
        while (true) {
            idle();
            // a negative request timeout switches long polling off: the answer comes at once, with or without jobs
            List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("cloudevents").maxJobsToActivate(100)
                    .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(this::emit);
        }
    }

    /** Waits until the engine has nothing left to process. */
    void idle() {
        if (!engine.awaitIdle(WAIT)) {
            throw new AssertionError("The engine did not become idle within " + WAIT);
        }
    }

    /** Every event the {@code cloudevents} jobs emitted so far, oldest first, after running the jobs now due. */
    List<Emitted> emitted() {
        runJobs();
        return List.copyOf(emitted);
    }

    /** The process instance a session's message start event started, once it exists. */
    long awaitInstanceOf(String sessionId) {
        await(() -> instancesOf(sessionId).findAny().isPresent(), "a process instance started for " + sessionId);
        return instancesOf(sessionId).findFirst().orElseThrow();
    }

    /** All process instances started for a session (a message starts at most one per process id). */
    List<Long> instancesStartedFor(String sessionId) {
        return instancesOf(sessionId).toList();
    }

    private Stream<Long> instancesOf(String sessionId) {
        return history.of(EngineRecord.MessageStartCorrelated.class)
                .filter(record -> sessionId.equals(record.correlationKey()))
                .map(EngineRecord.MessageStartCorrelated::processInstanceKey);
    }

    /** The ids of the elements the instance completed, in order. */
    List<String> completedElements(long processInstanceKey) {
        return elementIds(processInstanceKey, ElementIntent.COMPLETED);
    }

    /** The ids of the elements the instance entered, in order. */
    List<String> activatedElements(long processInstanceKey) {
        return elementIds(processInstanceKey, ElementIntent.ACTIVATED);
    }

    private List<String> elementIds(long processInstanceKey, ElementIntent intent) {
        return processInstanceRecords(processInstanceKey)
                .filter(record -> record.intent() == intent)
                .map(EngineRecord.Element::elementId)
                .toList();
    }

    /** Waits until the instance as a whole has completed; returns the elements it completed, in order. */
    List<String> awaitEnded(long processInstanceKey) {
        await(() -> processInstanceRecords(processInstanceKey).anyMatch(
                record -> record.elementType() == ElementType.PROCESS
                        && record.intent() == ElementIntent.COMPLETED),
                "process instance " + processInstanceKey + " completed");
        return completedElements(processInstanceKey);
    }

    /** Waits until the instance has entered the element (for example a receive task that now waits). */
    void awaitActivated(long processInstanceKey, String elementId) {
        await(() -> activatedElements(processInstanceKey).contains(elementId),
                "process instance " + processInstanceKey + " entered " + elementId);
    }

    /** Whether the instance as a whole is still running once the engine and the worker have done all they can. */
    boolean isActive(long processInstanceKey) {
        runJobs();
        return processInstanceRecords(processInstanceKey).noneMatch(
                record -> record.elementType() == ElementType.PROCESS
                        && (record.intent() == ElementIntent.COMPLETED
                        || record.intent() == ElementIntent.TERMINATED));
    }

    /** The key of the process definition (the deployed version) the instance runs on. */
    long processDefinitionKeyOf(long processInstanceKey) {
        return processInstanceRecords(processInstanceKey)
                .filter(record -> record.elementType() == ElementType.PROCESS)
                .map(EngineRecord.Element::processDefinitionKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No record of process instance " + processInstanceKey));
    }

    /**
     * The timers the instance scheduled at one element, in the order they were scheduled: how the timer expressions
     * evaluated. The due date counts from the time the timer was written, rounded to whole seconds (the models'
     * durations are whole seconds; the engine reads its clock a few milliseconds apart for the two).
     */
    List<ScheduledTimer> timersAt(long processInstanceKey, String elementId) {
        return history.of(EngineRecord.Timer.class)
                .filter(record -> record.intent() == TimerIntent.CREATED)
                .filter(record -> record.processInstanceKey() == processInstanceKey
                        && elementId.equals(record.targetElementId()))
                .map(record -> new ScheduledTimer(Duration.ofSeconds(Math.round(
                        (record.dueDate() - record.timestamp()) / 1000.0)),
                        record.repetitions()))
                .toList();
    }

    /** A timer as scheduled: in how long it is due, and how many more times it repeats (-1: without end). */
    record ScheduledTimer(Duration dueIn, int repetitions) {
    }

    private Stream<EngineRecord.Element> processInstanceRecords(long processInstanceKey) {
        return history.of(EngineRecord.Element.class)
                .filter(record -> record.processInstanceKey() == processInstanceKey);
    }

    /** Runs the jobs and checks until the condition holds, failing with the description after {@link #WAIT}. */
    void await(BooleanSupplier condition, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            runJobs();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + WAIT + " in vain for: " + description);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for: " + description, e);
            }
        }
    }

    private void emit(ActivatedJob job) {
        Map<String, String> headers = job.getCustomHeaders();
        Map<String, Object> variables = job.getVariablesAsMap();
        Map<String, Object> data = new LinkedHashMap<>();
        String declared = headers.get("variables");
        if (declared == null) {
            data.putAll(variables);
        } else {
            Arrays.stream(declared.split(",")).map(String::strip).filter(variables::containsKey)
                    .forEach(name -> data.put(name, variables.get(name)));
        }
        Emitted event = new Emitted(headers.get("type"), data, (String) variables.get("correlationKey"),
                job.getElementId(), job.getProcessInstanceKey());
        log.debug("Job {} at {} emits {}", job.getKey(), job.getElementId(), event);
        emitted.add(event);
        client.newCompleteCommand(job).send().join();
    }

    @Override
    public void close() {
        client.close();
        engine.close();
    }

    /**
     * An event a {@code cloudevents} job emits: its type (header {@code type}), its data (the variables named by the
     * header {@code variables}), the correlation key it carries, and where in which instance it was emitted.
     */
    record Emitted(String type, Map<String, Object> data, String correlationKey, String elementId,
            long processInstanceKey) {

        Emitted {
            Objects.requireNonNull(type, "a cloudevents task without a type header");
        }
    }
}
