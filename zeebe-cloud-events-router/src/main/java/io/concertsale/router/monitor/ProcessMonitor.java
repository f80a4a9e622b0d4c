package io.concertsale.router.monitor;

import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the process instances are, per process definition deployed through the router and per element: the numbers
 * of a {@link ProcessStatistics} source, named from the deployed models. Without a source (Zeebe's API has no such
 * query; Operate answers it in a cluster) it says so and lists the definitions only.
 */
public class ProcessMonitor {

    static final String UNAVAILABLE = "The engine's API offers no instance statistics: watch the instances in "
            + "Camunda Operate. The local launcher's embedded engine provides them.";

    private final DeploymentHistory history;
    private final ProcessStatistics statistics;

    /** @param statistics the source of the numbers, or null when there is none */
    public ProcessMonitor(DeploymentHistory history, ProcessStatistics statistics) {
        this.history = history;
        this.statistics = statistics;
    }

    /** The process definitions, newest version first, with their elements in document order. */
    public Snapshot snapshot() {
        Map<Long, Map<String, ProcessStatistics.ElementCount>> counts = statistics == null ? Map.of()
                : statistics.byProcessDefinition();
        Map<Long, DeploymentRecord.DeployedProcess> definitions = new LinkedHashMap<>();
        for (DeploymentRecord deployment : history.all()) {
            for (DeploymentRecord.DeployedProcess process : deployment.processes()) {
                definitions.putIfAbsent(process.processDefinitionKey(), process);
            }
        }
        List<ProcessView> processes = new ArrayList<>();
        for (DeploymentRecord.DeployedProcess process : definitions.values()) {
            Map<String, ProcessStatistics.ElementCount> byElement = counts.getOrDefault(
                    process.processDefinitionKey(), Map.of());
            List<ElementView> elements = new ArrayList<>();
            for (ModelInfo.FlowElement element : process.elements()) {
                ProcessStatistics.ElementCount count = byElement.getOrDefault(element.id(),
                        new ProcessStatistics.ElementCount(0, 0, 0));
                elements.add(new ElementView(element.id(), element.name(), element.type(), count.active(),
                        count.completed(), count.terminated()));
            }
            processes.add(new ProcessView(process.bpmnProcessId(), process.version(),
                    process.processDefinitionKey(), elements));
        }
        processes.sort(Comparator.comparing(ProcessView::bpmnProcessId)
                .thenComparing(Comparator.comparingInt(ProcessView::version).reversed()));
        return new Snapshot(statistics != null, statistics == null ? UNAVAILABLE : null, processes);
    }

    /**
     * @param available whether the element numbers are real (a statistics source exists)
     * @param detail why they are not, when they are not
     * @param processes the process definitions deployed through this router, newest version first per process
     */
    public record Snapshot(boolean available, String detail, List<ProcessView> processes) {
    }

    /** A process definition and its elements. */
    public record ProcessView(String bpmnProcessId, int version, long processDefinitionKey,
            List<ElementView> elements) {
    }

    /**
     * An element and the instances there.
     *
     * @param active instances at the element now
     * @param completed how many times it completed
     * @param terminated how many times it was interrupted
     */
    public record ElementView(String id, String name, String type, long active, long completed, long terminated) {
    }
}
