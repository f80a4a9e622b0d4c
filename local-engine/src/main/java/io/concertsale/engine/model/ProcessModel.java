package io.concertsale.engine.model;

import java.util.List;
import java.util.Map;

/**
 * A compiled executable process of a BPMN resource.
 *
 * @param bpmnProcessId the process id
 * @param process the process node (a scope)
 * @param nodes every element by id
 * @param messageStarts the message start events of the process itself
 */
public record ProcessModel(String bpmnProcessId, Node process, Map<String, Node> nodes, List<Node> messageStarts) {

    public Node node(String id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("No element " + id + " in process " + bpmnProcessId);
        }
        return node;
    }
}
