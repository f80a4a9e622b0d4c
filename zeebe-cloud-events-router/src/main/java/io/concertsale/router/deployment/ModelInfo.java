package io.concertsale.router.deployment;

import java.util.List;

/**
 * What a BPMN resource holds, as far as routing cares.
 *
 * @param resource the resource (file) name
 * @param processIds the ids of its executable processes
 * @param messages the message names it waits for, sorted: the event types to route to the router
 * @param waitsForReplies whether a task of it emits an event and waits for the reply ({@code mode: emit-and-wait})
 * @param elements its flow nodes (events, tasks, gateways, sub-processes) in document order
 */
public record ModelInfo(String resource, List<String> processIds, List<String> messages, boolean waitsForReplies,
        List<FlowElement> elements) {

    public ModelInfo {
        processIds = List.copyOf(processIds);
        messages = List.copyOf(messages);
        elements = List.copyOf(elements);
    }

    /** The flow nodes of one process, in document order. */
    public List<FlowElement> elementsOf(String processId) {
        return elements.stream().filter(element -> element.processId().equals(processId)).toList();
    }

    /**
     * A flow node.
     *
     * @param processId the executable process it belongs to
     * @param id its element id
     * @param name its name in the diagram, or null
     * @param type its BPMN type, e.g. {@code serviceTask}
     */
    public record FlowElement(String processId, String id, String name, String type) {
    }

    /**
     * How a process is drawn (BPMN DI): its flow nodes' shapes and its sequence flows' lines, in the diagram's
     * coordinates, for a monitor that shows counts on the diagram.
     *
     * @param width the right edge of the drawing
     * @param height the bottom edge of the drawing
     */
    public record Diagram(List<Shape> shapes, List<Edge> edges, double width, double height) {

        public Diagram {
            shapes = List.copyOf(shapes);
            edges = List.copyOf(edges);
        }
    }

    /**
     * A flow node's shape; {@code expanded} for a sub-process drawn open with its content; {@code label} where the
     * modeler placed its name (events and gateways have it outside the shape), null when the diagram does not say.
     */
    public record Shape(String id, double x, double y, double width, double height, boolean expanded, Bounds label) {
    }

    /**
     * A sequence flow's line, from its first point to its last (where the arrow is), with its name (a gateway's
     * outgoing flows say what they stand for) and where the modeler placed the name (null when not named or placed).
     */
    public record Edge(String id, List<Point> points, String name, Bounds label) {

        public Edge {
            points = List.copyOf(points);
        }
    }

    public record Point(double x, double y) {
    }

    /** A rectangle of the diagram, such as where a label goes. */
    public record Bounds(double x, double y, double width, double height) {
    }
}
