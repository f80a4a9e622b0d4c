package io.concertsale.engine.model;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import io.concertsale.engine.record.EngineRecord.ElementType;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.xml.ModelException;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.bpm.model.xml.validation.ValidationResults;

/**
 * Reads a BPMN resource, checks it with Zeebe's own design-time rules (the Apache-2.0 BPMN model API), and compiles
 * each executable process into {@link Node}s. An element the engine does not run is refused, naming its id and type.
 */
public final class ModelCompiler {

    private ModelCompiler() {
    }

    /** The executable processes of a resource. */
    public static List<ProcessModel> compile(String resourceName, byte[] resource) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(resource));
        } catch (ModelException | IllegalArgumentException e) {
            throw new InvalidModelException("'" + resourceName + "' is not a valid BPMN resource: " + rootMessage(e));
        }
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        if (results.hasErrors()) {
            StringBuilder message = new StringBuilder("'" + resourceName + "' is not a valid Zeebe model:");
            results.getResults().forEach((element, list) -> {
                for (ValidationResult result : list) {
                    if (result.getType() == ValidationResultType.ERROR) {
                        String id = element instanceof BaseElement base ? base.getId() : element.getElementType()
                                .getTypeName();
                        message.append("\n- Element: ").append(id).append(": ").append(result.getMessage());
                    }
                }
            });
            throw new InvalidModelException(message.toString());
        }
        List<ProcessModel> processes = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.isExecutable()) {
                processes.add(new Compilation(resourceName).process(process));
            }
        }
        if (processes.isEmpty()) {
            throw new InvalidModelException("'" + resourceName + "' holds no executable process");
        }
        return processes;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** A resource the engine refuses to deploy. */
    public static final class InvalidModelException extends RuntimeException {

        public InvalidModelException(String message) {
            super(message);
        }
    }

    private static final class Compilation {

        private final String resourceName;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<SequenceFlow> flows = new ArrayList<>();
        private final List<BoundaryEvent> boundaries = new ArrayList<>();

        Compilation(String resourceName) {
            this.resourceName = resourceName;
        }

        ProcessModel process(Process process) {
            Node root = new Node(process.getId(), ElementType.PROCESS);
            nodes.put(root.id, root);
            List<Node> messageStarts = new ArrayList<>();
            scope(root, process.getFlowElements());
            for (Node start : startsOf(root)) {
                if (start.trigger == Node.TriggerKind.MESSAGE) {
                    messageStarts.add(start);
                } else if (start.trigger != Node.TriggerKind.NONE) {
                    throw unsupported(start.id, "a " + start.trigger.name().toLowerCase() + " start event of a process");
                }
            }
            for (BoundaryEvent boundary : boundaries) {
                Node node = nodes.get(boundary.getId());
                Activity activity = boundary.getAttachedTo();
                Node attached = nodes.get(activity.getId());
                node.attachedTo = attached;
                node.interrupting = boundary.cancelActivity();
                attached.boundaries.add(node);
            }
            for (SequenceFlow flow : flows) {
                Node source = nodes.get(flow.getSource().getId());
                Node target = nodes.get(flow.getTarget().getId());
                Expression condition = flow.getConditionExpression() == null ? null
                        : expression(flow.getId(), flow.getConditionExpression().getTextContent());
                Node.Flow compiled = new Node.Flow(flow.getId(), source, target, condition);
                source.outgoing.add(compiled);
                target.incoming++;
            }
            pendingDefaults.forEach((node, flowId) -> node.defaultFlow = node.outgoing.stream()
                    .filter(flow -> flow.id().equals(flowId)).findFirst()
                    .orElseThrow(() -> new InvalidModelException("'" + resourceName + "': the default flow " + flowId
                            + " of " + node.id + " is not one of its outgoing flows")));
            for (Node node : nodes.values()) {
                if (node.type == ElementType.EVENT_BASED_GATEWAY) {
                    for (Node.Flow flow : node.outgoing) {
                        Node.TriggerKind kind = flow.target().trigger;
                        if (flow.target().type != ElementType.INTERMEDIATE_CATCH_EVENT
                                || (kind != Node.TriggerKind.MESSAGE && kind != Node.TriggerKind.TIMER)) {
                            throw unsupported(flow.target().id, "an element after an event-based gateway that is not"
                                    + " a message or timer catch event");
                        }
                    }
                }
            }
            return new ProcessModel(process.getId(), root, Map.copyOf(nodes), List.copyOf(messageStarts));
        }

        private void scope(Node scope, Collection<FlowElement> elements) {
            for (FlowElement element : elements) {
                if (element instanceof SequenceFlow flow) {
                    flows.add(flow);
                    continue;
                }
                Node node = element(element);
                if (node == null) {
                    continue;
                }
                node.scope = scope;
                nodes.put(node.id, node);
                if (node.type == ElementType.START_EVENT && node.trigger == Node.TriggerKind.NONE) {
                    if (scope.noneStart != null) {
                        throw unsupported(node.id, "a second none start event in " + scope.id);
                    }
                    scope.noneStart = node;
                }
                if (node.type == ElementType.EVENT_SUB_PROCESS) {
                    scope.eventSubProcesses.add(node);
                }
                if (element instanceof SubProcess subProcess) {
                    scope(node, subProcess.getFlowElements());
                    if (node.type == ElementType.EVENT_SUB_PROCESS) {
                        List<Node> starts = startsOf(node);
                        if (starts.size() != 1 || starts.getFirst().trigger == Node.TriggerKind.NONE) {
                            throw unsupported(node.id, "an event sub-process without exactly one message, timer or"
                                    + " error start event");
                        }
                        node.start = starts.getFirst();
                        node.interrupting = ((StartEvent) subProcess.getFlowElements().stream()
                                .filter(e -> e.getId().equals(node.start.id)).findFirst().orElseThrow())
                                .isInterrupting();
                    } else if (node.noneStart == null) {
                        throw unsupported(node.id, "a sub-process without a none start event");
                    }
                }
            }
        }

        private List<Node> startsOf(Node scope) {
            return nodes.values().stream().filter(n -> n.scope == scope && n.type == ElementType.START_EVENT).toList();
        }

        private Node element(FlowElement element) {
            String id = element.getId();
            return switch (element) {
                case StartEvent start -> catchEvent(new Node(id, ElementType.START_EVENT), start);
                case EndEvent end -> endEvent(new Node(id, ElementType.END_EVENT), end);
                case BoundaryEvent boundary -> {
                    boundaries.add(boundary);
                    Node node = catchEvent(new Node(id, ElementType.BOUNDARY_EVENT), boundary);
                    if (node.trigger == Node.TriggerKind.NONE) {
                        throw unsupported(id, "a boundary event without a message, timer or error definition");
                    }
                    yield node;
                }
                case IntermediateCatchEvent event -> {
                    Node node = catchEvent(new Node(id, ElementType.INTERMEDIATE_CATCH_EVENT), event);
                    if (node.trigger != Node.TriggerKind.MESSAGE && node.trigger != Node.TriggerKind.TIMER) {
                        throw unsupported(id, "an intermediate catch event that is not a message or timer event");
                    }
                    yield node;
                }
                case IntermediateThrowEvent event -> throwEvent(new Node(id, ElementType.INTERMEDIATE_THROW_EVENT),
                        event);
                case ServiceTask task -> task(new Node(id, ElementType.SERVICE_TASK), task, true);
                case SendTask task -> task(new Node(id, ElementType.SEND_TASK), task, true);
                case ReceiveTask task -> {
                    Node node = task(new Node(id, ElementType.RECEIVE_TASK), task, false);
                    if (task.getMessage() == null) {
                        throw unsupported(id, "a receive task without a message");
                    }
                    node.trigger = Node.TriggerKind.MESSAGE;
                    node.message = message(id, task.getMessage());
                    yield node;
                }
                case SubProcess subProcess -> io(new Node(id, subProcess.triggeredByEvent()
                        ? ElementType.EVENT_SUB_PROCESS : ElementType.SUB_PROCESS), subProcess);
                case ExclusiveGateway gateway -> {
                    Node node = new Node(id, ElementType.EXCLUSIVE_GATEWAY);
                    if (gateway.getDefault() != null) {
                        pendingDefaults.put(node, gateway.getDefault().getId());
                    }
                    yield node;
                }
                case ParallelGateway gateway -> new Node(id, ElementType.PARALLEL_GATEWAY);
                case EventBasedGateway gateway -> new Node(id, ElementType.EVENT_BASED_GATEWAY);
                default -> {
                    if (element instanceof io.camunda.zeebe.model.bpmn.instance.FlowNode) {
                        throw unsupported(id, "a " + element.getElementType().getTypeName());
                    }
                    yield null;
                }
            };
        }

        private final Map<Node, String> pendingDefaults = new LinkedHashMap<>();

        private Node catchEvent(Node node, CatchEvent event) {
            Collection<EventDefinition> definitions = event.getEventDefinitions();
            if (definitions.size() > 1) {
                throw unsupported(node.id, "a multiple event (" + definitions.size() + " definitions)");
            }
            for (EventDefinition definition : definitions) {
                switch (definition) {
                    case MessageEventDefinition message -> {
                        node.trigger = Node.TriggerKind.MESSAGE;
                        if (message.getMessage() == null) {
                            throw unsupported(node.id, "a message event without a message");
                        }
                        node.message = message(node.id, message.getMessage());
                    }
                    case TimerEventDefinition timer -> {
                        node.trigger = Node.TriggerKind.TIMER;
                        node.timer = timer(node.id, timer);
                    }
                    case ErrorEventDefinition error -> {
                        node.trigger = Node.TriggerKind.ERROR;
                        node.errorCode = error.getError() == null ? null : error.getError().getErrorCode();
                    }
                    default -> throw unsupported(node.id, "a " + definition.getElementType().getTypeName() + " on "
                            + event.getElementType().getTypeName());
                }
            }
            return io(node, event);
        }

        private Node endEvent(Node node, EndEvent event) {
            for (EventDefinition definition : event.getEventDefinitions()) {
                switch (definition) {
                    case ErrorEventDefinition error -> {
                        node.end = Node.EndKind.ERROR;
                        if (error.getError() == null || error.getError().getErrorCode() == null) {
                            throw unsupported(node.id, "an error end event without an error code");
                        }
                        node.errorCode = error.getError().getErrorCode();
                    }
                    case TerminateEventDefinition terminate -> node.end = Node.EndKind.TERMINATE;
                    case MessageEventDefinition message -> {
                        ZeebeTaskDefinition task = event.getSingleExtensionElement(ZeebeTaskDefinition.class);
                        if (task == null) {
                            throw unsupported(node.id, "a message end event without a job worker");
                        }
                        node.job = job(node.id, event);
                    }
                    default -> throw unsupported(node.id, "a " + definition.getElementType().getTypeName()
                            + " end event");
                }
            }
            return io(node, event);
        }

        private Node throwEvent(Node node, ThrowEvent event) {
            for (EventDefinition definition : event.getEventDefinitions()) {
                if (!(definition instanceof MessageEventDefinition)) {
                    throw unsupported(node.id, "an intermediate " + definition.getElementType().getTypeName()
                            + " throw event");
                }
                if (event.getSingleExtensionElement(ZeebeTaskDefinition.class) == null) {
                    throw unsupported(node.id, "a message throw event without a job worker");
                }
                node.job = job(node.id, event);
            }
            return io(node, event);
        }

        private Node task(Node node, Activity task, boolean withJob) {
            if (withJob) {
                node.job = job(node.id, task);
            }
            return io(node, task);
        }

        private Node.Job job(String id, BaseElement element) {
            ZeebeTaskDefinition definition = element.getSingleExtensionElement(ZeebeTaskDefinition.class);
            if (definition == null || definition.getType() == null) {
                throw unsupported(id, "a job without zeebe:taskDefinition type");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ZeebeTaskHeaders taskHeaders = element.getSingleExtensionElement(ZeebeTaskHeaders.class);
            if (taskHeaders != null) {
                for (ZeebeHeader header : taskHeaders.getHeaders()) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            String retries = definition.getRetries() == null ? ZeebeTaskDefinition.DEFAULT_RETRIES
                    : definition.getRetries();
            return new Node.Job(expression(id, definition.getType()), expression(id, retries), Map.copyOf(headers));
        }

        private Node io(Node node, BaseElement element) {
            ZeebeIoMapping mapping = element.getSingleExtensionElement(ZeebeIoMapping.class);
            if (mapping != null) {
                for (ZeebeInput input : mapping.getInputs()) {
                    node.inputs.add(new Node.Mapping(expression(node.id, input.getSource()), input.getTarget()));
                }
                for (ZeebeOutput output : mapping.getOutputs()) {
                    node.outputs.add(new Node.Mapping(expression(node.id, output.getSource()), output.getTarget()));
                }
            }
            return node;
        }

        private Node.Message message(String id, io.camunda.zeebe.model.bpmn.instance.Message message) {
            if (message.getName() == null || message.getName().isBlank()) {
                throw unsupported(id, "a message without a name");
            }
            if (message.getName().strip().startsWith("=")) {
                throw unsupported(id, "a message name given as an expression");
            }
            ZeebeSubscription subscription = message.getSingleExtensionElement(ZeebeSubscription.class);
            Expression key = subscription == null || subscription.getCorrelationKey() == null ? null
                    : expression(id, subscription.getCorrelationKey());
            return new Node.Message(message.getName(), key);
        }

        private Node.Timer timer(String id, TimerEventDefinition timer) {
            if (timer.getTimeDuration() != null) {
                return new Node.Timer(Node.TimerKind.DURATION, expression(id, timer.getTimeDuration().getTextContent()));
            }
            if (timer.getTimeCycle() != null) {
                return new Node.Timer(Node.TimerKind.CYCLE, expression(id, timer.getTimeCycle().getTextContent()));
            }
            if (timer.getTimeDate() != null) {
                return new Node.Timer(Node.TimerKind.DATE, expression(id, timer.getTimeDate().getTextContent()));
            }
            throw unsupported(id, "a timer without a duration, cycle or date");
        }

        private Expression expression(String id, String text) {
            try {
                return Expression.of(text == null ? "" : text);
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException("'" + resourceName + "', element " + id + ": " + e.getMessage());
            }
        }

        private InvalidModelException unsupported(String id, String what) {
            return new InvalidModelException("'" + resourceName + "': element '" + id + "' is " + what
                    + ", which the local engine does not run (docs/architecture.md, \"The local engine\")");
        }
    }
}
