package io.concertsale.engine.runtime;

import io.concertsale.engine.model.Expression;
import io.concertsale.engine.model.ModelCompiler;
import io.concertsale.engine.model.Node;
import io.concertsale.engine.model.ProcessModel;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.EngineRecord.IncidentIntent;
import io.concertsale.engine.record.EngineRecord.JobIntent;
import io.concertsale.engine.record.EngineRecord.TimerIntent;
import io.concertsale.engine.record.EngineRecord.VariableIntent;
import io.concertsale.engine.runtime.Rejection.Reason;
import io.concertsale.engine.runtime.State.BufferedMessage;
import io.concertsale.engine.runtime.State.Definition;
import io.concertsale.engine.runtime.State.ElementInstance;
import io.concertsale.engine.runtime.State.Incident;
import io.concertsale.engine.runtime.State.IncidentType;
import io.concertsale.engine.runtime.State.Job;
import io.concertsale.engine.runtime.State.JobState;
import io.concertsale.engine.runtime.State.ProcessInstance;
import io.concertsale.engine.runtime.State.Stage;
import io.concertsale.engine.runtime.State.Subscription;
import io.concertsale.engine.runtime.State.TimerInstance;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's state machine: applies one command at a time to the live state, BPMN semantics as Zeebe runs them.
 * Deterministic: the same commands at the same times give the same state, keys included, which is what makes the
 * journal enough to recover. Not thread-safe: only the engine thread calls it.
 */
public final class Processor {

    /** The result of a command that answers nothing but success. */
    public static final Object DONE = new Object();
    /** The result of a command that found nothing to do: it changed nothing, and the journal does not keep it. */
    public static final Object NOTHING = new Object();

    private static final Pattern CYCLE = Pattern.compile("R(\\d*)/(P.+)");

    public record DeployedProcess(long processDefinitionKey, String bpmnProcessId, int version, String resourceName) {
    }

    public record Deployment(long key, List<DeployedProcess> processes) {
    }

    public record CreatedInstance(long processInstanceKey, long processDefinitionKey, String bpmnProcessId,
            int version) {
    }

    public record PublishedMessage(long key) {
    }

    public record ActivatedJob(long key, String type, long processInstanceKey, String bpmnProcessId, int version,
            long processDefinitionKey, String elementId, long elementInstanceKey, Map<String, String> customHeaders,
            String worker, int retries, long deadline, String variables) {
    }

    /** A process instance that ended (completed, or terminated when {@code completed} is false). */
    public record EndedInstance(long processInstanceKey, long processDefinitionKey, String bpmnProcessId, int version,
            boolean completed, Map<String, Object> variables) {
    }

    private final Variables json = new Variables();
    private long nextKey = 2251799813685249L;
    private long now;
    private long position;
    private Set<Class<? extends EngineRecord>> recorded = Set.of();
    private final List<EngineRecord> records = new ArrayList<>();
    private final List<EndedInstance> ended = new ArrayList<>();

    private final Map<Long, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Definition> latest = new HashMap<>();
    private final Map<String, List<Node>> messageStarts = new HashMap<>();
    private final Map<String, Long> runningByStartKey = new HashMap<>();
    private final Map<Long, ProcessInstance> instances = new HashMap<>();
    private final Map<Long, ElementInstance> elements = new HashMap<>();
    private final Map<Long, Job> jobs = new HashMap<>();
    private final Map<String, LinkedHashSet<Job>> activatable = new HashMap<>();
    private final TreeSet<Job> deadlines = new TreeSet<>(Comparator.comparingLong((Job job) -> job.deadline)
            .thenComparingLong(job -> job.key));
    private final TreeSet<Job> backOffs = new TreeSet<>(Comparator.comparingLong((Job job) -> job.backOffUntil)
            .thenComparingLong(job -> job.key));
    private final Map<String, Map<String, LinkedHashMap<Long, Subscription>>> subscriptions = new HashMap<>();
    private final TreeSet<TimerInstance> timers = new TreeSet<>(Comparator.comparingLong((TimerInstance t) -> t.due)
            .thenComparingLong(t -> t.key));
    private final Map<String, Map<String, LinkedHashMap<Long, BufferedMessage>>> buffered = new HashMap<>();
    private final Map<String, BufferedMessage> bufferedById = new HashMap<>();
    private final TreeSet<BufferedMessage> expiries = new TreeSet<>(
            Comparator.comparingLong((BufferedMessage m) -> m.deadline).thenComparingLong(m -> m.key));
    private final Map<Long, Incident> incidents = new LinkedHashMap<>();

    /** Which kinds of records the processor builds: those a listener wants, none without listeners. */
    public void recording(Set<Class<? extends EngineRecord>> kinds) {
        this.recorded = kinds;
    }

    private boolean records(Class<? extends EngineRecord> kind) {
        return recorded.contains(kind);
    }

    /** Applies a command at a time; throws {@link Rejection} (having changed nothing) when it refuses it. */
    public Object apply(long time, Command command) {
        this.now = time;
        return switch (command) {
            case Command.Deploy deploy -> deploy(deploy);
            case Command.CreateInstance create -> create(create);
            case Command.CancelInstance cancel -> cancel(cancel.processInstanceKey());
            case Command.PublishMessage publish -> publish(publish);
            case Command.ActivateJobs activate -> activate(activate);
            case Command.CompleteJob complete -> completeJob(complete);
            case Command.FailJob fail -> failJob(fail);
            case Command.ThrowError error -> throwError(error);
            case Command.UpdateJobRetries retries -> updateRetries(retries);
            case Command.UpdateJobTimeout timeout -> updateTimeout(timeout);
            case Command.SetVariables variables -> setVariables(variables);
            case Command.ResolveIncident resolve -> resolveIncident(resolve.incidentKey());
            case Command.Tick tick -> tick();
        };
    }

    /** The records the last commands produced, handed over once. */
    public List<EngineRecord> drainRecords() {
        if (records.isEmpty()) {
            return List.of();
        }
        List<EngineRecord> drained = List.copyOf(records);
        records.clear();
        return drained;
    }

    /** The instances the last commands ended, handed over once. */
    public List<EndedInstance> drainEnded() {
        if (ended.isEmpty()) {
            return List.of();
        }
        List<EndedInstance> drained = List.copyOf(ended);
        ended.clear();
        return drained;
    }

    /** The earliest time something falls due (a timer, a job deadline or back-off, a message's end), or MAX_VALUE. */
    public long nextDue() {
        long next = Long.MAX_VALUE;
        if (!timers.isEmpty()) {
            next = Math.min(next, timers.first().due);
        }
        if (!deadlines.isEmpty()) {
            next = Math.min(next, deadlines.first().deadline);
        }
        if (!backOffs.isEmpty()) {
            next = Math.min(next, backOffs.first().backOffUntil);
        }
        if (!expiries.isEmpty()) {
            next = Math.min(next, expiries.first().deadline);
        }
        return next;
    }

    /** Whether a job of the type can be activated at the time. */
    public boolean hasActivatable(String type, long time) {
        LinkedHashSet<Job> candidates = activatable.get(type);
        if (candidates == null) {
            return false;
        }
        for (Job job : candidates) {
            if (job.backOffUntil <= time) {
                return true;
            }
        }
        return false;
    }

    public int activeInstances() {
        return instances.size();
    }

    // ------------------------------------------------------------------------------------------------ deployment

    private Object deploy(Command.Deploy command) {
        if (command.resources().isEmpty()) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "A deployment needs at least one resource");
        }
        List<Map.Entry<Command.Resource, ProcessModel>> compiled = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Command.Resource resource : command.resources()) {
            if (!resource.name().endsWith(".bpmn") && !resource.name().endsWith(".xml")) {
                throw new Rejection(Reason.INVALID_ARGUMENT, "'" + resource.name() + "' is not a BPMN resource: the"
                        + " local engine deploys BPMN only (no DMN decisions, no forms)");
            }
            try {
                for (ProcessModel model : ModelCompiler.compile(resource.name(), resource.content())) {
                    if (!ids.add(model.bpmnProcessId())) {
                        throw new Rejection(Reason.INVALID_ARGUMENT, "The deployment holds process '"
                                + model.bpmnProcessId() + "' twice");
                    }
                    compiled.add(Map.entry(resource, model));
                }
            } catch (ModelCompiler.InvalidModelException e) {
                throw new Rejection(Reason.INVALID_ARGUMENT, e.getMessage());
            }
        }
        long deploymentKey = key();
        List<DeployedProcess> deployed = new ArrayList<>();
        for (Map.Entry<Command.Resource, ProcessModel> entry : compiled) {
            Command.Resource resource = entry.getKey();
            ProcessModel model = entry.getValue();
            String checksum = checksum(resource.content());
            Definition previous = latest.get(model.bpmnProcessId());
            if (previous != null && previous.checksum().equals(checksum)) {
                deployed.add(new DeployedProcess(previous.key(), previous.bpmnProcessId(), previous.version(),
                        previous.resourceName()));
                continue;
            }
            Definition definition = new Definition(key(), model.bpmnProcessId(),
                    previous == null ? 1 : previous.version() + 1, resource.name(), resource.content(), checksum,
                    model);
            definitions.put(definition.key(), definition);
            latest.put(definition.bpmnProcessId(), definition);
            messageStarts.values().forEach(starts -> starts.removeIf(
                    start -> processIdOf(start).equals(definition.bpmnProcessId())));
            for (Node start : model.messageStarts()) {
                messageStarts.computeIfAbsent(start.message().name(), name -> new ArrayList<>()).add(start);
            }
            if (records(EngineRecord.ProcessDeployed.class)) {
                records.add(new EngineRecord.ProcessDeployed(++position, now, definition.key(),
                        definition.bpmnProcessId(), definition.version(), definition.resourceName(),
                        definition.resource()));
            }
            deployed.add(new DeployedProcess(definition.key(), definition.bpmnProcessId(), definition.version(),
                    definition.resourceName()));
            // a buffered message may start the new version's message start events
            for (Node start : model.messageStarts()) {
                Map<String, LinkedHashMap<Long, BufferedMessage>> byKey = buffered.get(start.message().name());
                if (byKey != null) {
                    for (String correlationKey : List.copyOf(byKey.keySet())) {
                        startFromBuffer(definition, start, correlationKey);
                    }
                }
            }
        }
        return new Deployment(deploymentKey, deployed);
    }

    private String processIdOf(Node start) {
        Node node = start;
        while (node.scope() != null) {
            node = node.scope();
        }
        return node.id();
    }

    private static String checksum(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --------------------------------------------------------------------------------------------------- instances

    private Object create(Command.CreateInstance command) {
        Definition definition;
        if (command.processDefinitionKey() > 0) {
            definition = definitions.get(command.processDefinitionKey());
            if (definition == null) {
                throw new Rejection(Reason.NOT_FOUND, "No process definition with key "
                        + command.processDefinitionKey());
            }
        } else {
            definition = latest.get(command.bpmnProcessId());
            if (definition != null && command.version() > 0 && definition.version() != command.version()) {
                definition = definitions.values().stream().filter(d -> d.bpmnProcessId()
                        .equals(command.bpmnProcessId()) && d.version() == command.version()).findFirst().orElse(null);
            }
            if (definition == null) {
                throw new Rejection(Reason.NOT_FOUND, "No process definition with id '" + command.bpmnProcessId()
                        + "'" + (command.version() > 0 ? " and version " + command.version() : "") + " is deployed");
            }
        }
        if (definition.model().process().noneStart() == null) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "Process '" + definition.bpmnProcessId()
                    + "' has no none start event: it starts by message only");
        }
        Map<String, Object> variables = parse(command.variables());
        ProcessInstance instance = startInstance(definition, variables);
        if (!instance.root.interrupted) {
            activate(definition.model().process().noneStart(), instance.root, Map.of());
        }
        return new CreatedInstance(instance.key, definition.key(), definition.bpmnProcessId(), definition.version());
    }

    private ProcessInstance startInstance(Definition definition, Map<String, Object> variables) {
        ProcessInstance instance = new ProcessInstance(key(), definition);
        instances.put(instance.key, instance);
        ElementInstance root = new ElementInstance(instance.key, definition.model().process(), null, instance);
        instance.root = root;
        elements.put(root.key, root);
        activated(root);
        // as in Zeebe, the instance's variable records follow the record of the instance itself
        variables.forEach((name, value) -> setLocal(root, name, value));
        openScopeTriggers(root);
        return instance;
    }

    private Object cancel(long processInstanceKey) {
        ProcessInstance instance = instances.get(processInstanceKey);
        if (instance == null) {
            throw new Rejection(Reason.NOT_FOUND, "No running process instance with key " + processInstanceKey);
        }
        terminate(instance.root);
        instanceEnded(instance, false);
        return DONE;
    }

    // ---------------------------------------------------------------------------------------------------- elements

    private ElementInstance newElement(Node node, ElementInstance scope) {
        ElementInstance element = new ElementInstance(key(), node, scope, scope.instance);
        scope.children.put(element.key, element);
        elements.put(element.key, element);
        return element;
    }

    /** Activates an element in a scope; {@code carried} are the variables of the trigger that activated it. */
    private void activate(Node node, ElementInstance scope, Map<String, Object> carried) {
        ElementInstance element = newElement(node, scope);
        enter(element, carried);
    }

    /** The activation of an element: every expression first (a failure raises an incident), then the effects. */
    private void enter(ElementInstance element, Map<String, Object> carried) {
        Node node = element.node;
        Map<String, Object> inputs;
        String jobType = null;
        int retries = 0;
        String correlationKey = null;
        long[] timer = null;
        Node.Flow chosen = null;
        List<Runnable> boundaryOpeners;
        try {
            inputs = evaluateMappings(node.inputs(), element.parent, null);
            boolean waitsForMessage = (node.type() == ElementType.RECEIVE_TASK
                    || node.type() == ElementType.INTERMEDIATE_CATCH_EVENT) && node.trigger() == Node.TriggerKind.MESSAGE;
            boolean waitsForTimer = node.type() == ElementType.INTERMEDIATE_CATCH_EVENT
                    && node.trigger() == Node.TriggerKind.TIMER;
            boolean decides = node.type() == ElementType.EXCLUSIVE_GATEWAY;
            // the variables visible here, gathered once, and only for an element that evaluates something
            Map<String, Object> context = node.job() != null || waitsForMessage || waitsForTimer || decides
                    || !node.boundaries().isEmpty() ? context(element.parent, inputs) : Map.of();
            if (node.job() != null) {
                jobType = string(node.job().type().evaluate(context), node, "job type");
                retries = integer(node.job().retries().evaluate(context), node, "job retries");
            }
            if (waitsForMessage) {
                correlationKey = correlationKey(node, context);
            }
            if (waitsForTimer) {
                timer = timer(node, context);
            }
            if (decides) {
                chosen = choose(node, context);
            }
            boundaryOpeners = prepareBoundaries(element, context);
        } catch (Expression.EvaluationException e) {
            raise(element, e instanceof ConditionException ? IncidentType.CONDITION_ERROR
                    : IncidentType.EXTRACT_VALUE_ERROR, e.getMessage(), null, Stage.ENTER);
            return;
        }
        inputs.forEach((name, value) -> setLocal(element, name, value));
        activated(element);
        boundaryOpeners.forEach(Runnable::run);
        if (!elements.containsKey(element.key)) {
            return; // a buffered message triggered an interrupting boundary event at once
        }
        switch (node.type()) {
            case SERVICE_TASK, SEND_TASK -> createJob(element, jobType, retries);
            case INTERMEDIATE_THROW_EVENT, END_EVENT -> {
                if (node.job() != null) {
                    createJob(element, jobType, retries);
                } else if (node.end() == Node.EndKind.ERROR) {
                    if (!throwErrorFrom(element.parent, node.errorCode(), "", Map.of())) {
                        raise(element, IncidentType.UNHANDLED_ERROR_EVENT, "Expected to throw an error event with"
                                + " the code '" + node.errorCode() + "', but it was not caught. No error events are"
                                + " available in the scope.", null, Stage.ENTER);
                    }
                } else if (node.end() == Node.EndKind.TERMINATE) {
                    for (ElementInstance sibling : List.copyOf(element.parent.children.values())) {
                        if (sibling != element) {
                            terminate(sibling);
                        }
                    }
                    if (element.parent.joins != null) {
                        element.parent.joins.clear();
                    }
                    complete(element, carried, null);
                } else {
                    complete(element, carried, null);
                }
            }
            case RECEIVE_TASK -> subscribe(element, node, node.message().name(), correlationKey);
            case INTERMEDIATE_CATCH_EVENT -> {
                if (node.trigger() == Node.TriggerKind.MESSAGE) {
                    subscribe(element, node, node.message().name(), correlationKey);
                } else {
                    schedule(element, node, timer);
                }
            }
            case SUB_PROCESS -> {
                openScopeTriggers(element);
                if (!element.interrupted) {
                    activate(node.noneStart(), element, Map.of());
                }
            }
            case EVENT_SUB_PROCESS -> {
                openScopeTriggers(element);
                activate(node.start(), element, carried);
            }
            case EXCLUSIVE_GATEWAY -> complete(element, Map.of(), chosen);
            case EVENT_BASED_GATEWAY -> openEventGateway(element);
            default -> complete(element, carried, null);
        }
    }

    private void activated(ElementInstance element) {
        element.activated = true;
        record(element, ElementIntent.ACTIVATED);
    }

    /**
     * Completes an element: its output mappings (or the trigger's variables, propagated), then the flows out of it,
     * or the completion of its scope when none leaves it.
     */
    private void complete(ElementInstance element, Map<String, Object> result, Node.Flow only) {
        Node node = element.node;
        Map<String, Object> outputs = null;
        if (!node.outputs().isEmpty()) {
            try {
                Map<String, Object> local = new LinkedHashMap<>(result);
                outputs = evaluateMappings(node.outputs(), element, local);
            } catch (Expression.EvaluationException e) {
                element.pendingResult = result;
                element.pendingFlow = only;
                raise(element, IncidentType.IO_MAPPING_ERROR, e.getMessage(), null, Stage.COMPLETE);
                return;
            }
        }
        closeWaits(element);
        ElementInstance scope = element.parent;
        if (outputs != null) {
            outputs.forEach((name, value) -> propagate(scope, name, value));
        } else if (scope != null) {
            result.forEach((name, value) -> propagate(scope, name, value));
        }
        record(element, ElementIntent.COMPLETED);
        forget(element);
        if (scope == null) {
            instanceEnded(element.instance, true);
            return;
        }
        List<Node.Flow> flows = only != null ? List.of(only) : node.outgoing();
        if (flows.isEmpty()) {
            completeScopeIfDone(scope);
            return;
        }
        for (Node.Flow flow : flows) {
            take(flow, scope);
        }
    }

    private void take(Node.Flow flow, ElementInstance scope) {
        Node target = flow.target();
        if (target.type() == ElementType.PARALLEL_GATEWAY && target.incoming() > 1) {
            if (scope.joins == null) {
                scope.joins = new LinkedHashMap<>();
            }
            Map<String, Integer> tokens = scope.joins.computeIfAbsent(target.id(), id -> new LinkedHashMap<>());
            tokens.merge(flow.id(), 1, Integer::sum);
            if (tokens.size() < target.incoming()) {
                return;
            }
            tokens.replaceAll((id, count) -> count - 1);
            tokens.values().removeIf(count -> count == 0);
            if (tokens.isEmpty()) {
                scope.joins.remove(target.id());
            }
        }
        activate(target, scope, Map.of());
    }

    private void completeScopeIfDone(ElementInstance scope) {
        if (!scope.children.isEmpty() || (scope.joins != null && !scope.joins.isEmpty()) || scope.incident != null) {
            return;
        }
        if (!elements.containsKey(scope.key)) {
            return;
        }
        complete(scope, Map.of(), null);
    }

    /** Terminates an element and everything inside it; its scope does not complete because of it. */
    private void terminate(ElementInstance element) {
        for (ElementInstance child : List.copyOf(element.children.values())) {
            terminate(child);
        }
        closeWaits(element);
        if (element.incident != null) {
            resolved(element.incident);
        }
        if (element.activated || element.parent == null) {
            record(element, ElementIntent.TERMINATED);
        }
        forget(element);
    }

    private void forget(ElementInstance element) {
        elements.remove(element.key);
        if (element.parent != null) {
            element.parent.children.remove(element.key);
        }
    }

    /** Closes what an element waits for: its job, its message subscriptions, its timers. */
    private void closeWaits(ElementInstance element) {
        Job job = element.job;
        if (job != null) {
            element.job = null;
            dropJob(job);
            if (job.state != JobState.FAILED || job.retries > 0) {
                recordJob(job, JobIntent.CANCELED);
            }
        }
        if (element.subscriptions != null) {
            element.subscriptions.forEach(this::unsubscribe);
            element.subscriptions = null;
        }
        if (element.timers != null) {
            for (TimerInstance timer : element.timers) {
                if (timers.remove(timer)) {
                    recordTimer(timer, TimerIntent.CANCELED);
                }
            }
            element.timers = null;
        }
    }

    private void instanceEnded(ProcessInstance instance, boolean completed) {
        instances.remove(instance.key);
        elements.remove(instance.key);
        Definition definition = instance.definition;
        ended.add(new EndedInstance(instance.key, definition.key(), definition.bpmnProcessId(), definition.version(),
                completed, completed ? instance.root.variables() : Map.of()));
        if (instance.startedBy != null) {
            runningByStartKey.remove(instance.startedBy);
            // the next buffered message with the same correlation key may start the process again
            Definition current = latest.get(definition.bpmnProcessId());
            for (Node start : current.model().messageStarts()) {
                if (start.message().name().equals(instance.startMessageName)) {
                    startFromBuffer(current, start, instance.startCorrelationKey);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- boundary events

    /** Evaluates what the boundary events of an activity need; the returned actions open them. */
    private List<Runnable> prepareBoundaries(ElementInstance element, Map<String, Object> context) {
        List<Node> boundaries = element.node.boundaries();
        if (boundaries.isEmpty()) {
            return List.of();
        }
        List<Runnable> openers = new ArrayList<>(boundaries.size());
        for (Node boundary : boundaries) {
            switch (boundary.trigger()) {
                case MESSAGE -> {
                    String key = correlationKey(boundary, context);
                    openers.add(() -> subscribe(element, boundary, boundary.message().name(), key));
                }
                case TIMER -> {
                    long[] due = timer(boundary, context);
                    openers.add(() -> schedule(element, boundary, due));
                }
                default -> {
                    // error boundary events wait for nothing: a thrown error finds them
                }
            }
        }
        return openers;
    }

    /** Opens the message and timer starts of a scope's event sub-processes. */
    private void openScopeTriggers(ElementInstance scope) {
        for (Node subProcess : scope.node.eventSubProcesses()) {
            Node start = subProcess.start();
            Map<String, Object> context = context(scope, Map.of());
            try {
                switch (start.trigger()) {
                    case MESSAGE -> subscribe(scope, start, start.message().name(), correlationKey(start, context));
                    case TIMER -> schedule(scope, start, timer(start, context));
                    default -> {
                        // an error start waits for a thrown error
                    }
                }
            } catch (Expression.EvaluationException e) {
                raise(scope, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage(), null, null);
            }
        }
    }

    private void openEventGateway(ElementInstance gateway) {
        Map<String, Object> context = context(gateway.parent, Map.of());
        List<Runnable> openers = new ArrayList<>();
        try {
            for (Node.Flow flow : gateway.node.outgoing()) {
                Node event = flow.target();
                if (event.trigger() == Node.TriggerKind.MESSAGE) {
                    String key = correlationKey(event, context);
                    openers.add(() -> subscribe(gateway, event, event.message().name(), key));
                } else {
                    long[] due = timer(event, context);
                    openers.add(() -> schedule(gateway, event, due));
                }
            }
        } catch (Expression.EvaluationException e) {
            raise(gateway, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage(), null, null);
            return;
        }
        openers.forEach(Runnable::run);
    }

    /**
     * A message, a timer or an error reached the element {@code node} that {@code owner} waits with: a receive task
     * or catch event completes, an event-based gateway goes on with that event, a boundary event or an event
     * sub-process starts (interrupting or not).
     */
    private void trigger(ElementInstance owner, Node node, Map<String, Object> variables) {
        if (node == owner.node) {
            complete(owner, variables, null);
        } else if (owner.node.type() == ElementType.EVENT_BASED_GATEWAY) {
            ElementInstance scope = owner.parent;
            Node.Flow taken = owner.node.outgoing().stream().filter(flow -> flow.target() == node).findFirst()
                    .orElseThrow();
            closeWaits(owner);
            record(owner, ElementIntent.COMPLETED);
            forget(owner);
            ElementInstance event = newElement(taken.target(), scope);
            activated(event);
            complete(event, variables, null);
        } else if (node.type() == ElementType.BOUNDARY_EVENT) {
            ElementInstance scope = owner.parent;
            if (node.interrupting()) {
                terminate(owner);
            }
            ElementInstance boundary = newElement(node, scope);
            activated(boundary);
            complete(boundary, variables, null);
        } else {
            Node subProcess = node.scope();
            if (subProcess.interrupting()) {
                for (ElementInstance child : List.copyOf(owner.children.values())) {
                    terminate(child);
                }
                if (owner.joins != null) {
                    owner.joins.clear();
                }
                owner.interrupted = true;
                closeEventSubProcessTriggers(owner);
            }
            ElementInstance instance = newElement(subProcess, owner);
            enter(instance, variables);
        }
    }

    private void closeEventSubProcessTriggers(ElementInstance scope) {
        if (scope.subscriptions != null) {
            for (Iterator<Subscription> it = scope.subscriptions.iterator(); it.hasNext(); ) {
                Subscription subscription = it.next();
                if (subscription.node.type() == ElementType.START_EVENT) {
                    unsubscribe(subscription);
                    it.remove();
                }
            }
        }
        if (scope.timers != null) {
            for (Iterator<TimerInstance> it = scope.timers.iterator(); it.hasNext(); ) {
                TimerInstance timer = it.next();
                if (timer.node.type() == ElementType.START_EVENT && timers.remove(timer)) {
                    recordTimer(timer, TimerIntent.CANCELED);
                    it.remove();
                }
            }
        }
    }

    /**
     * Throws an error from an element up its scopes: the first error boundary event or error event sub-process that
     * catches the code takes it. Returns false when nothing catches it.
     */
    private boolean throwErrorFrom(ElementInstance from, String code, String message, Map<String, Object> variables) {
        for (ElementInstance element = from; element != null; element = element.parent) {
            Node catcher = catcher(element.node.boundaries(), code, node -> node);
            if (catcher != null) {
                trigger(element, catcher, variables);
                return true;
            }
            if (element.node.isScope() && !element.interrupted) {
                Node start = catcher(element.node.eventSubProcesses(), code, Node::start);
                if (start != null) {
                    trigger(element, start, variables);
                    return true;
                }
            }
        }
        return false;
    }

    private static Node catcher(List<Node> candidates, String code, java.util.function.Function<Node, Node> event) {
        Node catchAll = null;
        for (Node candidate : candidates) {
            Node node = event.apply(candidate);
            if (node.trigger() != Node.TriggerKind.ERROR) {
                continue;
            }
            if (code.equals(node.errorCode())) {
                return node;
            }
            if (node.errorCode() == null && catchAll == null) {
                catchAll = node;
            }
        }
        return catchAll;
    }

    // -------------------------------------------------------------------------------------------------- messages

    private void subscribe(ElementInstance owner, Node node, String name, String correlationKey) {
        Subscription subscription = new Subscription(key(), name, correlationKey, owner, node);
        owner.addSubscription(subscription);
        subscriptions.computeIfAbsent(name, n -> new HashMap<>())
                .computeIfAbsent(correlationKey, k -> new LinkedHashMap<>()).put(subscription.key, subscription);
        // a message published before may be waiting for it
        Map<String, LinkedHashMap<Long, BufferedMessage>> byKey = buffered.get(name);
        LinkedHashMap<Long, BufferedMessage> messages = byKey == null ? null : byKey.get(correlationKey);
        if (messages != null) {
            String processId = subscription.bpmnProcessId();
            for (BufferedMessage message : messages.values()) {
                if (message.deadline > now && message.correlatedProcessIds.add(processId)) {
                    correlate(subscription, message.variables);
                    return;
                }
            }
        }
    }

    private void unsubscribe(Subscription subscription) {
        Map<String, LinkedHashMap<Long, Subscription>> byKey = subscriptions.get(subscription.messageName);
        if (byKey == null) {
            return;
        }
        LinkedHashMap<Long, Subscription> open = byKey.get(subscription.correlationKey);
        if (open != null) {
            open.remove(subscription.key);
            if (open.isEmpty()) {
                byKey.remove(subscription.correlationKey);
                if (byKey.isEmpty()) {
                    subscriptions.remove(subscription.messageName);
                }
            }
        }
    }

    private void correlate(Subscription subscription, Map<String, Object> variables) {
        Node node = subscription.node;
        boolean staysOpen = (node.type() == ElementType.BOUNDARY_EVENT && !node.interrupting())
                || (node.type() == ElementType.START_EVENT && !node.scope().interrupting());
        if (!staysOpen) {
            unsubscribe(subscription);
            if (subscription.owner.subscriptions != null) {
                subscription.owner.subscriptions.remove(subscription);
            }
        }
        trigger(subscription.owner, node, variables);
    }

    private Object publish(Command.PublishMessage command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "A message needs a name");
        }
        String messageId = command.messageId() == null ? "" : command.messageId();
        String idKey = command.name() + '\u0000' + command.correlationKey() + '\u0000' + messageId;
        if (!messageId.isEmpty()) {
            BufferedMessage same = bufferedById.get(idKey);
            if (same != null && same.deadline > now) {
                throw new Rejection(Reason.ALREADY_EXISTS, "Expected to publish a new message with id '" + messageId
                        + "', but a message with that id was already published");
            }
        }
        Map<String, Object> variables = parse(command.variables());
        long key = key();
        Set<String> correlated = new LinkedHashSet<>();
        Map<String, LinkedHashMap<Long, Subscription>> byKey = subscriptions.get(command.name());
        LinkedHashMap<Long, Subscription> open = byKey == null ? null : byKey.get(command.correlationKey());
        if (open != null) {
            for (Subscription subscription : List.copyOf(open.values())) {
                if (elements.containsKey(subscription.owner.key) && correlated.add(subscription.bpmnProcessId())) {
                    correlate(subscription, variables);
                }
            }
        }
        for (Node start : List.copyOf(messageStarts.getOrDefault(command.name(), List.of()))) {
            String processId = processIdOf(start);
            if (correlated.contains(processId)) {
                continue;
            }
            if (!command.correlationKey().isEmpty()
                    && runningByStartKey.containsKey(processId + '\u0000' + command.correlationKey())) {
                continue;
            }
            correlated.add(processId);
            startByMessage(latest.get(processId), start, command.name(), command.correlationKey(), variables);
        }
        if (command.timeToLiveMillis() > 0) {
            BufferedMessage message = new BufferedMessage(key, command.name(), command.correlationKey(), messageId,
                    variables, now + command.timeToLiveMillis());
            message.correlatedProcessIds.addAll(correlated);
            buffered.computeIfAbsent(message.name, n -> new HashMap<>())
                    .computeIfAbsent(message.correlationKey, k -> new LinkedHashMap<>()).put(key, message);
            expiries.add(message);
            if (!messageId.isEmpty()) {
                bufferedById.put(idKey, message);
            }
        }
        return new PublishedMessage(key);
    }

    private void startByMessage(Definition definition, Node start, String name, String correlationKey,
            Map<String, Object> variables) {
        ProcessInstance instance = startInstance(definition, Map.of());
        if (!correlationKey.isEmpty()) {
            instance.startedBy = definition.bpmnProcessId() + '\u0000' + correlationKey;
            instance.startMessageName = name;
            instance.startCorrelationKey = correlationKey;
            runningByStartKey.put(instance.startedBy, instance.key);
        }
        if (records(EngineRecord.MessageStartCorrelated.class)) {
            records.add(new EngineRecord.MessageStartCorrelated(++position, now, instance.key, definition.key(),
                    definition.bpmnProcessId(), start.id(), name, correlationKey));
        }
        if (!instance.root.interrupted) {
            activate(start, instance.root, variables);
        }
    }

    private void startFromBuffer(Definition definition, Node start, String correlationKey) {
        if (runningByStartKey.containsKey(definition.bpmnProcessId() + '\u0000' + correlationKey)) {
            return;
        }
        Map<String, LinkedHashMap<Long, BufferedMessage>> byKey = buffered.get(start.message().name());
        LinkedHashMap<Long, BufferedMessage> messages = byKey == null ? null : byKey.get(correlationKey);
        if (messages == null) {
            return;
        }
        for (BufferedMessage message : messages.values()) {
            if (message.deadline > now && message.correlatedProcessIds.add(definition.bpmnProcessId())) {
                startByMessage(definition, start, message.name, correlationKey, message.variables);
                return;
            }
        }
    }

    private void expireMessages() {
        while (!expiries.isEmpty() && expiries.first().deadline <= now) {
            BufferedMessage message = expiries.pollFirst();
            Map<String, LinkedHashMap<Long, BufferedMessage>> byKey = buffered.get(message.name);
            if (byKey != null) {
                LinkedHashMap<Long, BufferedMessage> messages = byKey.get(message.correlationKey);
                if (messages != null) {
                    messages.remove(message.key);
                    if (messages.isEmpty()) {
                        byKey.remove(message.correlationKey);
                        if (byKey.isEmpty()) {
                            buffered.remove(message.name);
                        }
                    }
                }
            }
            if (!message.messageId.isEmpty()) {
                bufferedById.remove(message.name + '\u0000' + message.correlationKey + '\u0000' + message.messageId,
                        message);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------ timers

    private void schedule(ElementInstance owner, Node node, long[] timer) {
        TimerInstance instance = new TimerInstance(key(), owner, node, timer[0], (int) timer[1], timer[2]);
        owner.addTimer(instance);
        timers.add(instance);
        recordTimer(instance, TimerIntent.CREATED);
    }

    /** Due time, repetitions (-1: endless) and interval of a timer evaluated now. */
    private long[] timer(Node node, Map<String, Object> context) {
        Object value = node.timer().expression().evaluate(context);
        String text = value instanceof Duration duration ? duration.toString() : String.valueOf(value).strip();
        try {
            return switch (node.timer().kind()) {
                case DURATION -> new long[] {now + duration(value, text).toMillis(), 1, 0};
                case DATE -> new long[] {value instanceof ZonedDateTime date ? date.toInstant().toEpochMilli()
                        : ZonedDateTime.parse(text).toInstant().toEpochMilli(), 1, 0};
                case CYCLE -> {
                    Matcher cycle = CYCLE.matcher(text);
                    if (!cycle.matches()) {
                        throw new Expression.EvaluationException("Expected a timer cycle like R/PT10S or R5/PT1M at "
                                + node.id() + ", but got '" + text + "' (cron cycles are not supported)");
                    }
                    long interval = Duration.parse(cycle.group(2)).toMillis();
                    int repetitions = cycle.group(1).isEmpty() ? -1 : Integer.parseInt(cycle.group(1));
                    yield new long[] {now + interval, repetitions, interval};
                }
            };
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Expression.EvaluationException("Invalid timer " + node.timer().kind().name().toLowerCase()
                    + " '" + text + "' at " + node.id() + ": " + e.getMessage());
        }
    }

    private static Duration duration(Object value, String text) {
        if (value instanceof Duration duration) {
            return duration;
        }
        if (value instanceof java.time.Period period) {
            return Duration.ofDays(period.toTotalMonths() * 30 + period.getDays());
        }
        return Duration.parse(text);
    }

    private void fire(TimerInstance timer) {
        recordTimer(timer, TimerIntent.TRIGGERED);
        ElementInstance owner = timer.owner;
        if (owner.timers != null) {
            owner.timers.remove(timer);
        }
        Node node = timer.node;
        boolean repeats = timer.repetitions != 1 && timer.intervalMillis > 0
                && ((node.type() == ElementType.BOUNDARY_EVENT && !node.interrupting())
                || (node.type() == ElementType.START_EVENT && !node.scope().interrupting()));
        if (repeats) {
            schedule(owner, node, new long[] {timer.due + timer.intervalMillis,
                    timer.repetitions < 0 ? -1 : timer.repetitions - 1, timer.intervalMillis});
        }
        trigger(owner, node, Map.of());
    }

    private Object tick() {
        boolean changed = false;
        while (!timers.isEmpty() && timers.first().due <= now) {
            TimerInstance timer = timers.pollFirst();
            if (elements.containsKey(timer.owner.key)) {
                fire(timer);
                changed = true;
            }
        }
        while (!deadlines.isEmpty() && deadlines.first().deadline <= now) {
            Job job = deadlines.pollFirst();
            job.state = JobState.ACTIVATABLE;
            job.deadline = -1;
            job.worker = "";
            activatable.computeIfAbsent(job.type, t -> new LinkedHashSet<>()).add(job);
            recordJob(job, JobIntent.TIMED_OUT);
            changed = true;
        }
        while (!backOffs.isEmpty() && backOffs.first().backOffUntil <= now) {
            backOffs.pollFirst();
            changed = true;
        }
        if (!expiries.isEmpty() && expiries.first().deadline <= now) {
            expireMessages();
            changed = true;
        }
        return changed ? DONE : NOTHING;
    }

    // -------------------------------------------------------------------------------------------------------- jobs

    private void createJob(ElementInstance element, String type, int retries) {
        Job job = new Job(key(), element, type, retries, element.node.job().headers());
        element.job = job;
        jobs.put(job.key, job);
        activatable.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(job);
        recordJob(job, JobIntent.CREATED);
        if (retries <= 0) {
            job.state = JobState.FAILED;
            activatable.get(type).remove(job);
            raise(element, IncidentType.JOB_NO_RETRIES, "No more retries left.", job, null);
        }
    }

    private void dropJob(Job job) {
        jobs.remove(job.key);
        LinkedHashSet<Job> candidates = activatable.get(job.type);
        if (candidates != null) {
            candidates.remove(job);
            if (candidates.isEmpty()) {
                activatable.remove(job.type);
            }
        }
        deadlines.remove(job);
        backOffs.remove(job);
    }

    private Object activate(Command.ActivateJobs command) {
        if (command.type() == null || command.type().isBlank()) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "Expected a job type to activate, but it was empty");
        }
        if (command.max() < 1) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "Expected to activate at least one job, but max was "
                    + command.max());
        }
        LinkedHashSet<Job> candidates = activatable.get(command.type());
        if (candidates == null) {
            return List.of();
        }
        List<ActivatedJob> activated = new ArrayList<>();
        for (Iterator<Job> it = candidates.iterator(); it.hasNext() && activated.size() < command.max(); ) {
            Job job = it.next();
            if (job.backOffUntil > now) {
                continue;
            }
            it.remove();
            job.state = JobState.ACTIVATED;
            job.worker = command.worker() == null ? "" : command.worker();
            job.deadline = now + command.timeoutMillis();
            deadlines.add(job);
            recordJob(job, JobIntent.ACTIVATED);
            activated.add(view(job, command.fetchVariables()));
        }
        if (candidates.isEmpty()) {
            activatable.remove(command.type());
        }
        return activated;
    }

    private ActivatedJob view(Job job, List<String> fetch) {
        ElementInstance element = job.element;
        Definition definition = element.instance.definition;
        Map<String, Object> variables = context(element, Map.of());
        if (fetch != null && !fetch.isEmpty()) {
            Map<String, Object> selected = new LinkedHashMap<>();
            for (String name : fetch) {
                if (variables.containsKey(name)) {
                    selected.put(name, variables.get(name));
                }
            }
            variables = selected;
        }
        return new ActivatedJob(job.key, job.type, element.instance.key, definition.bpmnProcessId(),
                definition.version(), definition.key(), element.node.id(), element.key, job.headers, job.worker,
                job.retries, job.deadline, json.write(variables));
    }

    /** A job a worker may complete, fail or throw an error for: activatable or activated. */
    private Job workable(long key, String action) {
        Job job = job(key);
        if (job.state != JobState.ACTIVATED && job.state != JobState.ACTIVATABLE) {
            throw new Rejection(Reason.FAILED_PRECONDITION, "Expected to " + action + " job " + job.key
                    + ", but it is in state " + job.state);
        }
        return job;
    }

    private Job job(long key) {
        Job job = jobs.get(key);
        if (job == null) {
            throw new Rejection(Reason.NOT_FOUND, "Expected to find a job with key " + key
                    + ", but no such job was found (it was completed, cancelled, or never existed)");
        }
        return job;
    }

    private Object completeJob(Command.CompleteJob command) {
        Job job = workable(command.jobKey(), "complete");
        Map<String, Object> variables = parse(command.variables());
        recordJob(job, JobIntent.COMPLETED);
        ElementInstance element = job.element;
        dropJob(job);
        element.job = null;
        complete(element, variables, null);
        return DONE;
    }

    private Object failJob(Command.FailJob command) {
        Job job = workable(command.jobKey(), "fail");
        Map<String, Object> variables = parse(command.variables());
        deadlines.remove(job);
        backOffs.remove(job);
        job.retries = command.retries();
        job.errorMessage = command.errorMessage() == null ? "" : command.errorMessage();
        job.deadline = -1;
        variables.forEach((name, value) -> setLocal(job.element, name, value));
        if (job.retries > 0) {
            job.state = JobState.ACTIVATABLE;
            job.backOffUntil = now + Math.max(0, command.retryBackOffMillis());
            if (command.retryBackOffMillis() > 0) {
                backOffs.add(job);
            }
            activatable.computeIfAbsent(job.type, t -> new LinkedHashSet<>()).add(job);
            recordJob(job, JobIntent.FAILED);
        } else {
            job.state = JobState.FAILED;
            LinkedHashSet<Job> candidates = activatable.get(job.type);
            if (candidates != null) {
                candidates.remove(job);
            }
            recordJob(job, JobIntent.FAILED);
            raise(job.element, IncidentType.JOB_NO_RETRIES, job.errorMessage.isEmpty() ? "No more retries left."
                    : job.errorMessage, job, null);
        }
        return DONE;
    }

    private Object throwError(Command.ThrowError command) {
        Job job = workable(command.jobKey(), "throw an error for");
        if (command.errorCode() == null || command.errorCode().isEmpty()) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "Expected an error code, but it was empty");
        }
        Map<String, Object> variables = parse(command.variables());
        job.errorCode = command.errorCode();
        job.errorMessage = command.errorMessage() == null ? "" : command.errorMessage();
        recordJob(job, JobIntent.ERROR_THROWN);
        ElementInstance element = job.element;
        if (throwErrorFrom(element, command.errorCode(), job.errorMessage, variables)) {
            return DONE;
        }
        job.state = JobState.ERROR_THROWN;
        dropJob(job);
        jobs.put(job.key, job);
        raise(element, IncidentType.UNHANDLED_ERROR_EVENT, "Expected to throw an error event with the code '"
                + command.errorCode() + "'" + (job.errorMessage.isEmpty() ? "" : " with message '"
                + job.errorMessage + "'") + ", but it was not caught. No error events are available in the scope.",
                job, null);
        return DONE;
    }

    private Object updateRetries(Command.UpdateJobRetries command) {
        Job job = job(command.jobKey());
        if (command.retries() < 1) {
            throw new Rejection(Reason.INVALID_ARGUMENT, "Expected retries to be at least 1, but it was "
                    + command.retries());
        }
        job.retries = command.retries();
        recordJob(job, JobIntent.RETRIES_UPDATED);
        return DONE;
    }

    private Object updateTimeout(Command.UpdateJobTimeout command) {
        Job job = job(command.jobKey());
        if (job.state != JobState.ACTIVATED) {
            throw new Rejection(Reason.FAILED_PRECONDITION, "Expected to update the timeout of job " + job.key
                    + ", but it is not activated (state " + job.state + ")");
        }
        deadlines.remove(job);
        job.deadline = now + command.timeoutMillis();
        deadlines.add(job);
        recordJob(job, JobIntent.TIMEOUT_UPDATED);
        return DONE;
    }

    // --------------------------------------------------------------------------------------------------- incidents

    private void raise(ElementInstance element, IncidentType type, String message, Job job, Stage stage) {
        Incident incident = new Incident(key(), type, message, element, job, stage);
        incidents.put(incident.key, incident);
        element.incident = incident;
        recordIncident(incident, IncidentIntent.CREATED);
    }

    private void resolved(Incident incident) {
        incidents.remove(incident.key);
        incident.element.incident = null;
        recordIncident(incident, IncidentIntent.RESOLVED);
    }

    private void recordIncident(Incident incident, IncidentIntent intent) {
        if (!records(EngineRecord.Incident.class)) {
            return;
        }
        ElementInstance element = incident.element;
        Definition definition = element.instance.definition;
        records.add(new EngineRecord.Incident(++position, now, intent, incident.key, element.instance.key,
                definition.key(), element.key, definition.bpmnProcessId(), element.node.id(), incident.type.name(),
                incident.message, incident.job == null ? -1 : incident.job.key));
    }

    private Object resolveIncident(long key) {
        Incident incident = incidents.get(key);
        if (incident == null) {
            throw new Rejection(Reason.NOT_FOUND, "Expected to resolve incident with key " + key
                    + ", but no such incident was found");
        }
        resolved(incident);
        ElementInstance element = incident.element;
        Job job = incident.job;
        if (job != null) {
            if (job.state == JobState.ERROR_THROWN || (job.state == JobState.FAILED && job.retries > 0)) {
                job.state = JobState.ACTIVATABLE;
                backOffs.remove(job);
                job.backOffUntil = 0;
                activatable.computeIfAbsent(job.type, t -> new LinkedHashSet<>()).add(job);
            } else if (job.state == JobState.FAILED) {
                raise(element, IncidentType.JOB_NO_RETRIES, "No more retries left: update the job's retries"
                        + " before resolving the incident.", job, null);
            }
            return DONE;
        }
        if (incident.stage == Stage.ENTER) {
            enter(element, Map.of());
        } else if (incident.stage == Stage.COMPLETE) {
            Map<String, Object> result = element.pendingResult == null ? Map.of() : element.pendingResult;
            element.pendingResult = null;
            complete(element, result, element.pendingFlow);
        }
        return DONE;
    }

    // --------------------------------------------------------------------------------------------------- variables

    private Object setVariables(Command.SetVariables command) {
        ElementInstance element = elements.get(command.elementInstanceKey());
        if (element == null) {
            throw new Rejection(Reason.NOT_FOUND, "Expected to set variables on element instance "
                    + command.elementInstanceKey() + ", but no such element instance is active");
        }
        Map<String, Object> variables = parse(command.variables());
        variables.forEach((name, value) -> {
            if (command.local()) {
                setLocal(element, name, value);
            } else {
                propagate(element, name, value);
            }
        });
        return DONE;
    }

    /** Sets a variable where it is visible from the scope, or on the process instance when it is nowhere yet. */
    private void propagate(ElementInstance scope, String name, Object value) {
        for (ElementInstance element = scope; element != null; element = element.parent) {
            if (element.variables != null && element.variables.containsKey(name)) {
                setLocal(element, name, value);
                return;
            }
        }
        setLocal(scope.instance.root, name, value);
    }

    private void setLocal(ElementInstance element, String name, Object value) {
        Map<String, Object> variables = element.variables();
        boolean existed = variables.containsKey(name);
        Object previous = variables.put(name, value);
        if (records(EngineRecord.Variable.class) && (!existed || !java.util.Objects.equals(previous, value))) {
            records.add(new EngineRecord.Variable(++position, now, existed ? VariableIntent.UPDATED
                    : VariableIntent.CREATED, element.instance.key, element.key, name, json.write(value)));
        }
    }

    /** Every variable visible from a scope (inner scopes hide outer ones), plus the extra ones on top. */
    private Map<String, Object> context(ElementInstance scope, Map<String, Object> extra) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ElementInstance element = scope; element != null; element = element.parent) {
            if (element.variables != null && !element.variables.isEmpty()) {
                layers.add(element.variables);
            }
        }
        Map<String, Object> context = new HashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            context.putAll(layers.get(i));
        }
        context.putAll(extra);
        return context;
    }

    /** Evaluates mappings in order, each seeing the ones before it; targets may be paths ({@code a.b}). */
    private Map<String, Object> evaluateMappings(List<Node.Mapping> mappings, ElementInstance scope,
            Map<String, Object> extra) {
        if (mappings.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> context = context(scope, extra == null ? Map.of() : extra);
        for (Node.Mapping mapping : mappings) {
            Object value = json.normalize(mapping.source().evaluate(context));
            String[] path = mapping.target().split("\\.");
            if (path.length == 1) {
                results.put(path[0], value);
                context.put(path[0], value);
                continue;
            }
            Object existing = results.containsKey(path[0]) ? results.get(path[0]) : context.get(path[0]);
            Map<String, Object> root = existing instanceof Map<?, ?> map ? json.copy(map) : new LinkedHashMap<>();
            Map<String, Object> current = root;
            for (int i = 1; i < path.length - 1; i++) {
                Object next = current.get(path[i]);
                Map<String, Object> child = next instanceof Map<?, ?> map ? json.copy(map) : new LinkedHashMap<>();
                current.put(path[i], child);
                current = child;
            }
            current.put(path[path.length - 1], value);
            results.put(path[0], root);
            context.put(path[0], root);
        }
        return results;
    }

    private String correlationKey(Node node, Map<String, Object> context) {
        if (node.message().correlationKey() == null) {
            throw new Expression.EvaluationException("Expected a correlation key for message '"
                    + node.message().name() + "' at " + node.id() + ", but the message has none");
        }
        Object value = node.message().correlationKey().evaluate(context);
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number number) {
            return String.valueOf(json.normalize(number));
        }
        throw new Expression.EvaluationException("Failed to extract the correlation key for '"
                + node.message().name() + "' at " + node.id() + ": The value must be either a string or a number,"
                + " but was " + (value == null ? "null" : value.getClass().getSimpleName()) + " ("
                + node.message().correlationKey() + ")");
    }

    private Node.Flow choose(Node gateway, Map<String, Object> context) {
        for (Node.Flow flow : gateway.outgoing()) {
            if (flow == gateway.defaultFlow() || flow.condition() == null) {
                continue;
            }
            Object value = flow.condition().evaluate(context);
            if (Boolean.TRUE.equals(value)) {
                return flow;
            }
            if (value != null && !(value instanceof Boolean)) {
                throw new ConditionException("Expected the condition of " + flow.id()
                        + " to be a boolean, but it was " + value);
            }
        }
        if (gateway.defaultFlow() != null) {
            return gateway.defaultFlow();
        }
        if (gateway.outgoing().size() == 1 && gateway.outgoing().getFirst().condition() == null) {
            return gateway.outgoing().getFirst();
        }
        throw new ConditionException("Expected at least one condition to evaluate to true, or to have a"
                + " default flow at " + gateway.id());
    }

    /** No flow out of an exclusive gateway can be taken: Zeebe's CONDITION_ERROR incident. */
    private static final class ConditionException extends Expression.EvaluationException {

        ConditionException(String message) {
            super(message);
        }
    }

    private static String string(Object value, Node node, String what) {
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        throw new Expression.EvaluationException("Expected the " + what + " of " + node.id()
                + " to be a non-empty string, but it was " + value);
    }

    private static int integer(Object value, Node node, String what) {
        try {
            return value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new Expression.EvaluationException("Expected the " + what + " of " + node.id()
                    + " to be a number, but it was " + value);
        }
    }

    private Map<String, Object> parse(String variables) {
        try {
            return json.parseDocument(variables);
        } catch (IllegalArgumentException e) {
            throw new Rejection(Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------------------- records

    private long key() {
        return nextKey++;
    }

    private void record(ElementInstance element, ElementIntent intent) {
        if (!records(EngineRecord.Element.class)) {
            return;
        }
        Definition definition = element.instance.definition;
        records.add(new EngineRecord.Element(++position, now, intent, element.key, element.instance.key,
                definition.key(), definition.bpmnProcessId(), definition.version(), element.node.id(),
                element.node.type(), element.parent == null ? -1 : element.parent.key));
    }

    private void recordJob(Job job, JobIntent intent) {
        if (!records(EngineRecord.Job.class)) {
            return;
        }
        ElementInstance element = job.element;
        records.add(new EngineRecord.Job(++position, now, intent, job.key, element.instance.key, element.key,
                element.instance.definition.bpmnProcessId(), element.node.id(), job.type, job.retries, job.deadline,
                job.errorCode, job.errorMessage, job.headers));
    }

    private void recordTimer(TimerInstance timer, TimerIntent intent) {
        if (!records(EngineRecord.Timer.class)) {
            return;
        }
        records.add(new EngineRecord.Timer(++position, now, intent, timer.key, timer.owner.instance.key,
                timer.owner.key, timer.node.id(), timer.due, timer.repetitions));
    }


    // --------------------------------------------------------------------------------------------------- snapshots

    /** Writes the live state: the header, then a line per running instance and per buffered message. */
    void snapshot(long journalGeneration, java.util.function.Consumer<Object> out) {
        List<Snapshot.DefinitionData> deployed = new ArrayList<>();
        for (Definition definition : definitions.values()) {
            deployed.add(new Snapshot.DefinitionData(definition.key(), definition.bpmnProcessId(),
                    definition.version(), definition.resourceName(), definition.resource()));
        }
        Map<String, List<Long>> waiting = new LinkedHashMap<>();
        activatable.forEach((type, queued) -> waiting.put(type, queued.stream().map(job -> job.key).toList()));
        out.accept(new Snapshot.Header(Snapshot.FORMAT, now, nextKey, journalGeneration, deployed, waiting));
        instances.values().stream().sorted(Comparator.comparingLong(instance -> instance.key)).forEach(instance ->
                out.accept(new Snapshot.Line(new Snapshot.InstanceData(instance.key, instance.definition.key(),
                        instance.startMessageName, instance.startCorrelationKey, data(instance.root)), null)));
        for (BufferedMessage message : expiries.stream().sorted(Comparator.comparingLong(m -> m.key)).toList()) {
            out.accept(new Snapshot.Line(null, new Snapshot.MessageData(message.key, message.name,
                    message.correlationKey, message.messageId, message.variables, message.deadline,
                    List.copyOf(message.correlatedProcessIds))));
        }
    }

    private Snapshot.ElementData data(ElementInstance element) {
        Job job = element.job;
        Snapshot.JobData jobData = job == null ? null : new Snapshot.JobData(job.key, job.type, job.retries,
                job.state.name(), job.deadline, job.backOffUntil, job.worker, job.errorMessage, job.errorCode);
        List<Snapshot.SubscriptionData> subscriptionData = element.subscriptions == null ? List.of()
                : element.subscriptions.stream().map(subscription -> new Snapshot.SubscriptionData(subscription.key,
                        subscription.messageName, subscription.correlationKey, subscription.node.id())).toList();
        List<Snapshot.TimerData> timerData = element.timers == null ? List.of()
                : element.timers.stream().map(timer -> new Snapshot.TimerData(timer.key, timer.node.id(), timer.due,
                        timer.repetitions, timer.intervalMillis)).toList();
        Incident incident = element.incident;
        Snapshot.IncidentData incidentData = incident == null ? null : new Snapshot.IncidentData(incident.key,
                incident.type.name(), incident.message, incident.stage == null ? null : incident.stage.name(),
                incident.job != null);
        return new Snapshot.ElementData(element.key, element.node.id(), element.variables, element.joins,
                element.activated, element.interrupted, element.pendingResult,
                element.pendingFlow == null ? null : element.pendingFlow.id(), jobData, subscriptionData, timerData,
                incidentData, element.children.values().stream().map(this::data).toList());
    }

    /** Restores the state a snapshot holds into this (new) processor; records the live elements for the listeners. */
    void restore(Snapshot.Header header, Iterator<Snapshot.Line> lines) {
        if (header.format() != Snapshot.FORMAT) {
            throw new IllegalStateException("The engine's snapshot has format " + header.format() + ", this engine"
                    + " reads format " + Snapshot.FORMAT);
        }
        nextKey = header.nextKey();
        now = header.time();
        for (Snapshot.DefinitionData data : header.definitions()) {
            ProcessModel model = ModelCompiler.compile(data.resourceName(), data.resource()).stream()
                    .filter(candidate -> candidate.bpmnProcessId().equals(data.bpmnProcessId())).findFirst()
                    .orElseThrow();
            Definition definition = new Definition(data.key(), data.bpmnProcessId(), data.version(),
                    data.resourceName(), data.resource(), checksum(data.resource()), model);
            definitions.put(definition.key(), definition);
            Definition previous = latest.get(definition.bpmnProcessId());
            if (previous == null || previous.version() < definition.version()) {
                latest.put(definition.bpmnProcessId(), definition);
            }
            if (records(EngineRecord.ProcessDeployed.class)) {
                records.add(new EngineRecord.ProcessDeployed(++position, now, definition.key(),
                        definition.bpmnProcessId(), definition.version(), definition.resourceName(),
                        definition.resource()));
            }
        }
        for (Definition definition : definitions.values()) {
            if (latest.get(definition.bpmnProcessId()) == definition) {
                for (Node start : definition.model().messageStarts()) {
                    messageStarts.computeIfAbsent(start.message().name(), name -> new ArrayList<>()).add(start);
                }
            }
        }
        List<Subscription> opened = new ArrayList<>();
        while (lines.hasNext()) {
            Snapshot.Line line = lines.next();
            if (line.instance() != null) {
                restore(line.instance(), opened);
            } else if (line.message() != null) {
                restore(line.message());
            }
        }
        opened.sort(Comparator.comparingLong(subscription -> subscription.key));
        for (Subscription subscription : opened) {
            subscriptions.computeIfAbsent(subscription.messageName, n -> new HashMap<>())
                    .computeIfAbsent(subscription.correlationKey, k -> new LinkedHashMap<>())
                    .put(subscription.key, subscription);
        }
        header.activatable().forEach((type, keys) -> {
            LinkedHashSet<Job> queued = new LinkedHashSet<>();
            keys.forEach(key -> queued.add(jobs.get(key)));
            activatable.put(type, queued);
        });
        List<Incident> restored = new ArrayList<>(incidents.values());
        restored.sort(Comparator.comparingLong(incident -> incident.key));
        incidents.clear();
        restored.forEach(incident -> incidents.put(incident.key, incident));
    }

    private void restore(Snapshot.InstanceData data, List<Subscription> opened) {
        Definition definition = definitions.get(data.definitionKey());
        ProcessInstance instance = new ProcessInstance(data.key(), definition);
        instances.put(instance.key, instance);
        if (data.startCorrelationKey() != null) {
            instance.startedBy = definition.bpmnProcessId() + '\u0000' + data.startCorrelationKey();
            instance.startMessageName = data.startMessageName();
            instance.startCorrelationKey = data.startCorrelationKey();
            runningByStartKey.put(instance.startedBy, instance.key);
        }
        instance.root = restore(data.root(), null, instance, opened);
    }

    private ElementInstance restore(Snapshot.ElementData data, ElementInstance parent, ProcessInstance instance,
            List<Subscription> opened) {
        ProcessModel model = instance.definition.model();
        Node node = parent == null ? model.process() : model.node(data.nodeId());
        ElementInstance element = new ElementInstance(data.key(), node, parent, instance);
        elements.put(element.key, element);
        if (parent != null) {
            parent.children.put(element.key, element);
        }
        if (data.variables() != null) {
            element.variables().putAll(normalized(data.variables()));
        }
        if (data.joins() != null) {
            element.joins = new LinkedHashMap<>();
            data.joins().forEach((gateway, tokens) -> element.joins.put(gateway, new LinkedHashMap<>(tokens)));
        }
        element.activated = data.activated();
        element.interrupted = data.interrupted();
        if (data.pendingResult() != null) {
            element.pendingResult = normalized(data.pendingResult());
        }
        if (data.pendingFlowId() != null) {
            element.pendingFlow = node.outgoing().stream().filter(flow -> flow.id().equals(data.pendingFlowId()))
                    .findFirst().orElse(null);
        }
        if (data.job() != null) {
            Snapshot.JobData jobData = data.job();
            Job job = new Job(jobData.key(), element, jobData.type(), jobData.retries(), node.job().headers());
            job.state = JobState.valueOf(jobData.state());
            job.deadline = jobData.deadline();
            job.backOffUntil = jobData.backOffUntil();
            job.worker = jobData.worker();
            job.errorMessage = jobData.errorMessage();
            job.errorCode = jobData.errorCode();
            element.job = job;
            jobs.put(job.key, job);
            if (job.state == JobState.ACTIVATED) {
                deadlines.add(job);
            } else if (job.state == JobState.ACTIVATABLE && job.backOffUntil > now) {
                backOffs.add(job);
            }
        }
        for (Snapshot.SubscriptionData subscriptionData : data.subscriptions()) {
            Subscription subscription = new Subscription(subscriptionData.key(), subscriptionData.messageName(),
                    subscriptionData.correlationKey(), element, model.node(subscriptionData.nodeId()));
            element.addSubscription(subscription);
            opened.add(subscription);
        }
        for (Snapshot.TimerData timerData : data.timers()) {
            TimerInstance timer = new TimerInstance(timerData.key(), element, model.node(timerData.nodeId()),
                    timerData.due(), timerData.repetitions(), timerData.intervalMillis());
            element.addTimer(timer);
            timers.add(timer);
        }
        if (data.incident() != null) {
            Snapshot.IncidentData incidentData = data.incident();
            Incident incident = new Incident(incidentData.key(), IncidentType.valueOf(incidentData.type()),
                    incidentData.message(), element, incidentData.onJob() ? element.job : null,
                    incidentData.stage() == null ? null : Stage.valueOf(incidentData.stage()));
            element.incident = incident;
            incidents.put(incident.key, incident);
        }
        if (element.activated) {
            record(element, ElementIntent.ACTIVATED);
        }
        if (element.incident != null) {
            recordIncident(element.incident, IncidentIntent.CREATED);
        }
        for (Snapshot.ElementData child : data.children()) {
            restore(child, element, instance, opened);
        }
        return element;
    }

    private void restore(Snapshot.MessageData data) {
        Map<String, Object> variables = data.variables() == null ? new LinkedHashMap<>()
                : normalized(data.variables());
        BufferedMessage message = new BufferedMessage(data.key(), data.name(), data.correlationKey(),
                data.messageId(), variables, data.deadline());
        message.correlatedProcessIds.addAll(data.correlatedProcessIds());
        buffered.computeIfAbsent(message.name, n -> new HashMap<>())
                .computeIfAbsent(message.correlationKey, k -> new LinkedHashMap<>()).put(message.key, message);
        expiries.add(message);
        if (!message.messageId.isEmpty()) {
            bufferedById.put(message.name + '\u0000' + message.correlationKey + '\u0000' + message.messageId, message);
        }
    }

    /** Variables read back from a snapshot, in the engine's JSON types (the reader makes Integers of small longs). */
    private Map<String, Object> normalized(Map<String, Object> variables) {
        Map<String, Object> result = new LinkedHashMap<>();
        variables.forEach((name, value) -> result.put(name, json.normalize(value)));
        return result;
    }
}
