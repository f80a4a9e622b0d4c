package io.concertsale.router.deployment;

import io.concertsale.router.job.JobEvents;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnLabel;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.bpm.model.xml.validation.ValidationResults;

/**
 * Reads BPMN resources: checks that they are valid for Zeebe, and finds the message names they wait for (every
 * message of a message event definition on a catch event: start, intermediate or boundary; and of every receive
 * task) and whether a task of the worker's type waits for a reply.
 */
public class BpmnModels {

    private final String jobType;

    /** @param jobType the worker's task type ({@code router.worker.job-type}) */
    public BpmnModels(String jobType) {
        this.jobType = jobType;
    }

    /**
     * Parses and validates a resource.
     *
     * @throws InvalidModelException when it is not valid BPMN for Zeebe
     */
    public ModelInfo inspect(String resource, byte[] xml) {
        BpmnModelInstance model = parse(resource, xml);
        // the validators make sure there is at least one
        List<String> processIds = model.getModelElementsByType(Process.class).stream()
                .filter(Process::isExecutable).map(Process::getId).sorted().toList();
        SortedSet<String> messages = new TreeSet<>();
        for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
            if (definition.getParentElement() instanceof CatchEvent) {
                add(messages, definition.getMessage());
            }
        }
        for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
            add(messages, task.getMessage());
        }
        return new ModelInfo(resource, processIds, List.copyOf(messages), waitsForReplies(model), elements(model));
    }

    /**
     * The flow nodes of every executable process of a BPMN resource, in document order, without validating it (for a
     * model the engine already accepted).
     */
    public static List<ModelInfo.FlowElement> flowElements(byte[] xml) {
        return elements(Bpmn.readModelFromStream(new ByteArrayInputStream(xml)));
    }

    /**
     * How a process of a BPMN resource is drawn: the shapes of its flow nodes and the lines of its sequence flows
     * (BPMN DI), or null when the resource has no diagram for it.
     */
    public static ModelInfo.Diagram diagram(byte[] xml, String processId) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
        java.util.Set<String> nodes = new java.util.HashSet<>();
        elements(model).stream().filter(element -> element.processId().equals(processId))
                .forEach(element -> nodes.add(element.id()));
        List<ModelInfo.Shape> shapes = new ArrayList<>();
        List<ModelInfo.Edge> edges = new ArrayList<>();
        double width = 0;
        double height = 0;
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (shape.getBpmnElement() == null || !nodes.contains(shape.getBpmnElement().getId())
                    || shape.getBounds() == null) {
                continue;
            }
            Bounds bounds = shape.getBounds();
            ModelInfo.Bounds label = labelBounds(shape.getBpmnLabel());
            shapes.add(new ModelInfo.Shape(shape.getBpmnElement().getId(), bounds.getX(), bounds.getY(),
                    bounds.getWidth(), bounds.getHeight(), Boolean.TRUE.equals(shape.isExpanded()), label));
            width = Math.max(width, bounds.getX() + bounds.getWidth());
            height = Math.max(height, bounds.getY() + bounds.getHeight());
            if (label != null) {
                width = Math.max(width, label.x() + label.width());
                height = Math.max(height, label.y() + label.height());
            }
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (!(edge.getBpmnElement() instanceof SequenceFlow flow) || flow.getSource() == null
                    || !nodes.contains(flow.getSource().getId())) {
                continue;
            }
            List<ModelInfo.Point> points = new ArrayList<>();
            for (Waypoint waypoint : edge.getWaypoints()) {
                points.add(new ModelInfo.Point(waypoint.getX(), waypoint.getY()));
                width = Math.max(width, waypoint.getX());
                height = Math.max(height, waypoint.getY());
            }
            String name = flow.getName() == null || flow.getName().isBlank() ? null : flow.getName().strip();
            ModelInfo.Bounds label = name == null ? null : labelBounds(edge.getBpmnLabel());
            if (label != null) {
                width = Math.max(width, label.x() + label.width());
                height = Math.max(height, label.y() + label.height());
            }
            edges.add(new ModelInfo.Edge(flow.getId(), points, name, label));
        }
        return shapes.isEmpty() ? null : new ModelInfo.Diagram(shapes, edges, width, height);
    }

    /** Where the modeler placed a label, or null when the diagram does not place it. */
    private static ModelInfo.Bounds labelBounds(BpmnLabel label) {
        if (label == null || label.getBounds() == null) {
            return null;
        }
        Bounds bounds = label.getBounds();
        return new ModelInfo.Bounds(bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight());
    }

    private static List<ModelInfo.FlowElement> elements(BpmnModelInstance model) {
        List<ModelInfo.FlowElement> elements = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.isExecutable()) {
                collect(model, process.getId(), process, elements);
            }
        }
        return elements;
    }

    /** Depth first, in document order (the XML's, as the modeler wrote it): a sub-process, then what it contains. */
    private static void collect(BpmnModelInstance model, String processId, ModelElementInstance parent,
            List<ModelInfo.FlowElement> elements) {
        for (DomElement child : parent.getDomElement().getChildElements()) {
            String id = child.getAttribute("id");
            if (id != null && model.getModelElementById(id) instanceof FlowNode node) {
                String name = node.getName() == null || node.getName().isBlank() ? null : node.getName().strip();
                elements.add(new ModelInfo.FlowElement(processId, id, name, node.getElementType().getTypeName()));
                if (node instanceof SubProcess) {
                    collect(model, processId, node, elements);
                }
            }
        }
    }

    private static BpmnModelInstance parse(String resource, byte[] xml) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
            Bpmn.validateModel(model);
        } catch (RuntimeException e) {
            throw new InvalidModelException(resource + " is not valid BPMN: " + e.getMessage(), e);
        }
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        if (results.hasErrors()) {
            StringBuilder report = new StringBuilder();
            results.getResults().forEach((element, list) -> list.stream()
                    .filter(result -> result.getType() == ValidationResultType.ERROR)
                    .forEach(result -> report.append("\n- ").append(describe(element)).append(": ")
                            .append(result.getMessage())));
            throw new InvalidModelException(resource + " is not valid for Zeebe:" + report, null);
        }
        return model;
    }

    private static String describe(ModelElementInstance element) {
        String type = element.getElementType().getTypeName();
        return element instanceof BaseElement base && base.getId() != null ? type + " '" + base.getId() + "'" : type;
    }

    private static void add(SortedSet<String> messages, Message message) {
        // a message whose name is an expression cannot be routed by type ahead of time
        if (message != null && message.getName() != null && !message.getName().isBlank()
                && !message.getName().startsWith("=")) {
            messages.add(message.getName());
        }
    }

    private boolean waitsForReplies(BpmnModelInstance model) {
        for (ZeebeTaskDefinition definition : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
            if (!jobType.equals(definition.getType())) {
                continue;
            }
            if (definition.getParentElement() == null) {
                continue;
            }
            for (ZeebeTaskHeaders headers : definition.getParentElement().getChildElementsByType(ZeebeTaskHeaders.class)) {
                for (ZeebeHeader header : headers.getHeaders()) {
                    if (JobEvents.MODE_HEADER.equals(header.getKey()) && header.getValue() != null
                            && JobEvents.Mode.EMIT_AND_WAIT.header().equals(header.getValue().trim()
                                    .toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
