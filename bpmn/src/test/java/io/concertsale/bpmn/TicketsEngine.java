package io.concertsale.bpmn;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordValue;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.MessageStartEventSubscriptionIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.MessageStartEventSubscriptionRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real embedded Zeebe engine with the bundled models, driven the way the Zeebe CloudEvents Router drives it:
 * every event becomes a message named by its type, correlated by the session id and carrying the event data plus the
 * variable {@code correlationKey}; a test job worker for the task type {@code cloudevents} records the event each
 * job would emit (the {@code type} header and the variables named by the {@code variables} header) and completes the
 * job. The worker runs whenever the test waits (it activates jobs once the engine is idle, instead of polling all the
 * time), so that the engine's idle state means "nothing more will happen until the test acts". One per test class.
 */
final class TicketsEngine implements AutoCloseable {

    /** How long the tests wait for something the engine does asynchronously: generous, never a performance bound. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration MESSAGE_TIME_TO_LIVE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(TicketsEngine.class);

    private final ZeebeTestEngine engine;
    private final CamundaClient client;
    private final List<Emitted> emitted = new ArrayList<>();

    private TicketsEngine(ZeebeTestEngine engine, CamundaClient client) {
        this.engine = engine;
        this.client = client;
    }

    /** Starts an engine on a free port and a client speaking gRPC to it. */
    static TicketsEngine start() {
        int port = freePort();
        ZeebeTestEngine engine = EngineFactory.create(port);
        engine.start();
        URI address = URI.create("http://localhost:" + port);
        CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(address).restAddress(address)
                .preferRestOverGrpc(false).build();
        return new TicketsEngine(engine, client);
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
        engine.increaseTime(duration);
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
        try {
            engine.waitForIdleState(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the engine", e);
        } catch (TimeoutException e) {
            throw new AssertionError("The engine did not become idle within " + WAIT, e);
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
        return records(ValueType.MESSAGE_START_EVENT_SUBSCRIPTION, MessageStartEventSubscriptionRecordValue.class)
                .filter(record -> record.getIntent() == MessageStartEventSubscriptionIntent.CORRELATED)
                .map(Record::getValue)
                .filter(value -> value.getCorrelationKey().equals(sessionId))
                .map(MessageStartEventSubscriptionRecordValue::getProcessInstanceKey);
    }

    /** The ids of the elements the instance completed, in order. */
    List<String> completedElements(long processInstanceKey) {
        return elementIds(processInstanceKey, ProcessInstanceIntent.ELEMENT_COMPLETED);
    }

    /** The ids of the elements the instance entered, in order. */
    List<String> activatedElements(long processInstanceKey) {
        return elementIds(processInstanceKey, ProcessInstanceIntent.ELEMENT_ACTIVATED);
    }

    private List<String> elementIds(long processInstanceKey, ProcessInstanceIntent intent) {
        return processInstanceRecords(processInstanceKey)
                .filter(record -> record.getIntent() == intent)
                .map(record -> record.getValue().getElementId())
                .toList();
    }

    /** Waits until the instance as a whole has completed; returns the elements it completed, in order. */
    List<String> awaitEnded(long processInstanceKey) {
        await(() -> processInstanceRecords(processInstanceKey).anyMatch(
                record -> record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
                        && record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED),
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
                record -> record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
                        && (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED));
    }

    /** The key of the process definition (the deployed version) the instance runs on. */
    long processDefinitionKeyOf(long processInstanceKey) {
        return processInstanceRecords(processInstanceKey)
                .filter(record -> record.getValue().getBpmnElementType() == BpmnElementType.PROCESS)
                .map(record -> record.getValue().getProcessDefinitionKey())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No record of process instance " + processInstanceKey));
    }

    /**
     * The timers the instance scheduled at one element, in the order they were scheduled: how the timer expressions
     * evaluated. The due date counts from the time the timer was written, rounded to whole seconds (the models'
     * durations are whole seconds; the engine reads its clock a few milliseconds apart for the two).
     */
    List<ScheduledTimer> timersAt(long processInstanceKey, String elementId) {
        return records(ValueType.TIMER, TimerRecordValue.class)
                .filter(record -> record.getIntent() == TimerIntent.CREATED)
                .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey
                        && record.getValue().getTargetElementId().equals(elementId))
                .map(record -> new ScheduledTimer(Duration.ofSeconds(Math.round(
                        (record.getValue().getDueDate() - record.getTimestamp()) / 1000.0)),
                        record.getValue().getRepetitions()))
                .toList();
    }

    /** A timer as scheduled: in how long it is due, and how many more times it repeats (-1: without end). */
    record ScheduledTimer(Duration dueIn, int repetitions) {
    }

    private Stream<Record<ProcessInstanceRecordValue>> processInstanceRecords(long processInstanceKey) {
        return records(ValueType.PROCESS_INSTANCE, ProcessInstanceRecordValue.class)
                .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey);
    }

    @SuppressWarnings("unchecked")
    private <T extends RecordValue> Stream<Record<T>> records(ValueType type, Class<T> valueClass) {
        return StreamSupport.stream(engine.getRecordStreamSource().getRecords().spliterator(), false)
                .filter(record -> record.getValueType() == type && valueClass.isInstance(record.getValue()))
                .map(record -> (Record<T>) record);
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
        engine.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded engine", e);
        }
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
