package io.concertsale.bpmn;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine the journeys run on, driven the way the Zeebe CloudEvents Router drives it: every event becomes a
 * message named by its type, correlated by the session id and carrying the event data plus the variable
 * {@code correlationKey}; a test job worker for the task type {@code cloudevents} records the event each job would
 * emit (the {@code type} header and the variables named by the {@code variables} header) and completes the job.
 *
 * <p>It talks to the engine only as any client of Camunda 8 does, with {@code camunda-client-java}: gRPC for the
 * commands, the REST API for what the tests look at (searches of process and element instances) and for time (the
 * clock is pinned and moved forward, {@code PUT /v2/clock}). So the same journeys run on the local engine (the
 * default, in memory) and on a real Camunda 8 ({@link ConformanceTarget}): a difference from Zeebe fails a test.
 * One per test class.
 */
final class TicketsEngine implements AutoCloseable {

    /** How long the tests wait for something the engine does asynchronously: generous, never a performance bound. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration MESSAGE_TIME_TO_LIVE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(TicketsEngine.class);

    private final LocalEngine engine;
    private final ConformanceTarget target;
    private final CamundaClient client;
    private final List<Emitted> emitted = new ArrayList<>();
    /** Per deployed definition: each flow node's enclosing sub-processes, innermost first. */
    private final Map<Long, Map<String, List<String>>> scopes = new HashMap<>();
    private long time;

    private TicketsEngine(LocalEngine engine, ConformanceTarget target, CamundaClient client) {
        this.engine = engine;
        this.target = target;
        this.client = client;
        // the clock stands still from a second ahead of now and moves only when a test lets time pass
        this.time = (engine != null ? engine.clock().millis() : System.currentTimeMillis()) + 1_000;
        pin();
    }

    /**
     * The local engine in memory (with its REST API, searches and a clock the tests pin) or, when the environment
     * names one ({@link ConformanceTarget}), a real Camunda 8.
     */
    static TicketsEngine start() {
        ConformanceTarget target = ConformanceTarget.fromEnvironment(System.getenv());
        if (target != null) {
            return on(target);
        }
        LocalEngine engine = LocalEngine.start(EngineOptions.inMemory().withRestPort(0).withSearchHistory(10_000)
                .withClockControl(true));
        CamundaClient client = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(engine.grpcAddress())
                .restAddress(engine.restAddress().orElseThrow()).preferRestOverGrpc(false).build();
        return new TicketsEngine(engine, null, client);
    }

    /** The journeys on an engine of the target's, reached only through its gRPC and REST addresses. */
    static TicketsEngine on(ConformanceTarget target) {
        log.info("The journeys run on {}", target);
        return new TicketsEngine(null, target, target.client());
    }

    /** Deploys a bundled model by name ({@code tickets-v1} ...); returns the process definition it deployed. */
    Process deploy(String model) {
        DeploymentEvent deployment = client.newDeployResourceCommand()
                .addResourceFromClasspath(TicketsModels.resource(model)).send().join();
        Process process = deployment.getProcesses().getFirst();
        scopes.put(process.getProcessDefinitionKey(), scopesOf(TicketsModels.read(model)));
        return process;
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
     * Moves the engine's pinned clock forward (timers fire as if that time had passed) and waits until the engine and
     * the worker have done all that follows.
     */
    void passTime(Duration duration) {
        time += duration.toMillis();
        pin();
        runJobs();
    }

    private void pin() {
        client.newPinClockCommand().time(time).send().join();
    }

    /**
     * The test job worker: once the engine has settled, activates the {@code cloudevents} jobs, records and
     * completes them, and goes on until the engine has settled with no job left.
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

    /**
     * Waits until the engine has done all that follows from what the test did: the local engine says when it has
     * nothing left to process; a remote engine is given its settling time ({@link ConformanceTarget#settle()}).
     */
    void idle() {
        if (engine == null) {
            sleep(target.settle());
        } else if (!engine.awaitIdle(WAIT)) {
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
        await(() -> !instancesStartedFor(sessionId).isEmpty(), "a process instance started for " + sessionId);
        return instancesStartedFor(sessionId).getFirst();
    }

    /**
     * All process instances started for a session (a message starts at most one per process id): those whose
     * variable {@code correlationKey}, which the start message set, is the session's id.
     */
    List<Long> instancesStartedFor(String sessionId) {
        return client.newProcessInstanceSearchRequest()
                .filter(filter -> filter.variables(Map.of("correlationKey", "\"" + sessionId + "\"")))
                .sort(sort -> sort.processInstanceKey().asc())
                .send().join().items().stream().map(ProcessInstance::getProcessInstanceKey).toList();
    }

    /**
     * The ids of the elements the instance completed, in the order they completed: by end date, and within the same
     * moment (the clock is pinned, so a whole step shares it) in the order they started, an enclosing sub-process
     * after what it contains.
     */
    List<String> completedElements(long processInstanceKey) {
        List<ElementInstance> completed = elements(processInstanceKey).stream()
                .filter(element -> element.getState() == ElementInstanceState.COMPLETED).toList();
        Map<String, List<String>> enclosing = scopes.getOrDefault(processDefinitionKeyOf(processInstanceKey),
                Map.of());
        List<String> ordered = new ArrayList<>();
        Map<Object, List<ElementInstance>> byMoment = new LinkedHashMap<>();
        completed.stream().sorted(Comparator.comparing(ElementInstance::getEndDate)
                        .thenComparing(ElementInstance::getElementInstanceKey))
                .forEach(element -> byMoment.computeIfAbsent(element.getEndDate(), end -> new ArrayList<>())
                        .add(element));
        for (List<ElementInstance> moment : byMoment.values()) {
            // each element goes where its last contained element of the moment is (itself if it contains none);
            // between those the deeper goes first: a sub-process right after the last element it contains
            List<String> ids = moment.stream().map(ElementInstance::getElementId).toList();
            Map<String, Integer> last = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                last.merge(ids.get(i), i, Math::max);
                for (String scope : enclosing.getOrDefault(ids.get(i), List.of())) {
                    last.merge(scope, i, Math::max);
                }
            }
            ids.stream().sorted(Comparator.<String>comparingInt(last::get)
                            .thenComparing(id -> -enclosing.getOrDefault(id, List.of()).size()))
                    .forEach(ordered::add);
        }
        return ordered;
    }

    /** The ids of the elements the instance entered, in the order it entered them. */
    List<String> activatedElements(long processInstanceKey) {
        return elements(processInstanceKey).stream().map(ElementInstance::getElementId).toList();
    }

    private List<ElementInstance> elements(long processInstanceKey) {
        return client.newElementInstanceSearchRequest()
                .filter(filter -> filter.processInstanceKey(processInstanceKey))
                .sort(sort -> sort.elementInstanceKey().asc())
                .page(page -> page.limit(1000))
                .send().join().items().stream()
                .filter(element -> element.getType() != ElementInstanceType.PROCESS).toList();
    }

    /** Waits until the instance as a whole has completed; returns the elements it completed, in order. */
    List<String> awaitEnded(long processInstanceKey) {
        await(() -> state(processInstanceKey) == ProcessInstanceState.COMPLETED,
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
        return state(processInstanceKey) == ProcessInstanceState.ACTIVE;
    }

    private ProcessInstanceState state(long processInstanceKey) {
        return instance(processInstanceKey).getState();
    }

    private ProcessInstance instance(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest()
                .filter(filter -> filter.processInstanceKey(processInstanceKey)).send().join().items().stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("No process instance " + processInstanceKey + " found"));
    }

    /** The key of the process definition (the deployed version) the instance runs on. */
    long processDefinitionKeyOf(long processInstanceKey) {
        return instance(processInstanceKey).getProcessDefinitionKey();
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
            sleep(Duration.ofMillis(25));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
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

    /** Each flow node's enclosing sub-processes, innermost first. */
    private static Map<String, List<String>> scopesOf(BpmnModelInstance model) {
        Map<String, List<String>> scopes = new HashMap<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            List<String> enclosing = new ArrayList<>();
            for (var parent = node.getParentElement(); parent != null; parent = parent.getParentElement()) {
                if (parent instanceof SubProcess subProcess) {
                    enclosing.add(subProcess.getId());
                }
            }
            scopes.put(node.getId(), enclosing);
        }
        return scopes;
    }

    @Override
    public void close() {
        try {
            client.newResetClockCommand().send().join();
        } finally {
            client.close();
            if (engine != null) {
                engine.close();
            }
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
