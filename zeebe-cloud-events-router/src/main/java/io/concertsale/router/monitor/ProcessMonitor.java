package io.concertsale.router.monitor;

import io.concertsale.router.deployment.BpmnModels;
import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the process instances are, per process definition and per element, named from the models. With a
 * {@link ProcessStatistics} source it shows every definition the engine knows, whoever deployed it; without one (Zeebe's
 * API has no such query; Operate answers it in a cluster) it says so and lists the definitions deployed through this
 * router, without numbers.
 */
public class ProcessMonitor {

    static final String UNAVAILABLE = "The engine's API offers no instance statistics: watch the instances in "
            + "Camunda Operate. The local launcher's embedded engine provides them.";

    private final DeploymentHistory history;
    private final ProcessStatistics statistics;
    private final Map<Long, List<ModelInfo.FlowElement>> parsed = new ConcurrentHashMap<>();
    private final Map<Long, Optional<ModelInfo.Diagram>> diagrams = new ConcurrentHashMap<>();

    /** @param statistics the source of the numbers, or null when there is none */
    public ProcessMonitor(DeploymentHistory history, ProcessStatistics statistics) {
        this.history = history;
        this.statistics = statistics;
    }

    /** The process definitions by process id, newest version first, with their elements in document order. */
    public Snapshot snapshot() {
        Map<Long, DeploymentRecord.DeployedProcess> deployed = new LinkedHashMap<>();
        for (DeploymentRecord deployment : history.all()) {
            for (DeploymentRecord.DeployedProcess process : deployment.processes()) {
                deployed.putIfAbsent(process.processDefinitionKey(), process);
            }
        }
        List<ProcessView> processes = new ArrayList<>();
        if (statistics == null) {
            deployed.values().forEach(process -> processes.add(view(process.processDefinitionKey(),
                    process.bpmnProcessId(), process.version(), process.elements(), Map.of(), null)));
        } else {
            for (ProcessStatistics.Definition definition : statistics.definitions()) {
                DeploymentRecord.DeployedProcess known = deployed.get(definition.processDefinitionKey());
                List<ModelInfo.FlowElement> elements = known != null ? known.elements()
                        : parsed.computeIfAbsent(definition.processDefinitionKey(), key -> parse(definition));
                ModelInfo.Diagram diagram = diagrams.computeIfAbsent(definition.processDefinitionKey(),
                        key -> Optional.ofNullable(diagram(definition))).orElse(null);
                processes.add(view(definition.processDefinitionKey(), definition.bpmnProcessId(),
                        definition.version(), elements, definition.counts(), diagram));
            }
        }
        processes.sort(Comparator.comparing(ProcessView::bpmnProcessId)
                .thenComparing(Comparator.comparingInt(ProcessView::version).reversed()));
        return new Snapshot(statistics != null, statistics == null ? UNAVAILABLE : null, processes);
    }

    private static List<ModelInfo.FlowElement> parse(ProcessStatistics.Definition definition) {
        if (definition.resource() == null) {
            return List.of();
        }
        try {
            return BpmnModels.flowElements(definition.resource()).stream()
                    .filter(element -> element.processId().equals(definition.bpmnProcessId())).toList();
        } catch (RuntimeException e) {
            // the engine accepted it, so this does not happen; without names the ids still count
            return List.of();
        }
    }

    private static ModelInfo.Diagram diagram(ProcessStatistics.Definition definition) {
        if (definition.resource() == null) {
            return null;
        }
        try {
            return BpmnModels.diagram(definition.resource(), definition.bpmnProcessId());
        } catch (RuntimeException e) {
            // the engine accepted it, so this does not happen; the table still shows the numbers
            return null;
        }
    }

    private static ProcessView view(long key, String processId, int version, List<ModelInfo.FlowElement> elements,
            Map<String, ProcessStatistics.ElementCount> counts, ModelInfo.Diagram diagram) {
        List<ElementView> views = new ArrayList<>();
        for (ModelInfo.FlowElement element : elements) {
            ProcessStatistics.ElementCount count = counts.getOrDefault(element.id(),
                    new ProcessStatistics.ElementCount(0, 0, 0));
            views.add(ElementView.of(element.id(), element.name(), element.type(), count));
        }
        // elements the model does not name (its XML unknown): by id, after the others
        counts.entrySet().stream()
                .filter(entry -> elements.stream().noneMatch(element -> element.id().equals(entry.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> views.add(ElementView.of(entry.getKey(), null, null, entry.getValue())));
        return new ProcessView(processId, version, key, views, diagram);
    }

    /**
     * @param available whether the element numbers are real (a statistics source exists)
     * @param detail why they are not, when they are not
     * @param processes the process definitions, by process id and newest version first
     */
    public record Snapshot(boolean available, String detail, List<ProcessView> processes) {
    }

    /**
     * A process definition, its elements, and how it is drawn.
     *
     * @param diagram the shapes and lines of its BPMN diagram, null when unknown (no statistics source, or a model
     *        without a diagram)
     */
    public record ProcessView(String bpmnProcessId, int version, long processDefinitionKey,
            List<ElementView> elements, ModelInfo.Diagram diagram) {
    }

    /**
     * An element and the instances there.
     *
     * @param type its BPMN type, null when the model is unknown
     * @param active instances at the element now
     * @param completed how many times it completed
     * @param terminated how many times it was interrupted
     * @param incidents the incidents open there now
     * @param incidentMessages what they say (each message once, a few at most)
     */
    public record ElementView(String id, String name, String type, long active, long completed, long terminated,
            long incidents, List<String> incidentMessages) {

        static ElementView of(String id, String name, String type, ProcessStatistics.ElementCount count) {
            return new ElementView(id, name, type, count.active(), count.completed(), count.terminated(),
                    count.incidents(), count.incidentMessages());
        }
    }
}
