package io.concertsale.launcher;

import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.RecordListener;
import io.concertsale.router.monitor.ProcessStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The router's process monitor numbers, counted from the embedded engine's records as they happen: every process
 * definition deployed, whoever deployed it, and per element its activations, completions and terminations and the
 * incidents open there with their messages. Registered
 * when the engine starts, so the records it replays from its journal count too.
 *
 * <p>Thread-safe: the engine's thread writes (one record at a time, never blocked by a reader), the web threads read
 * {@link #definitions()} at any time.
 */
final class EngineStatistics implements ProcessStatistics, RecordListener {

    private static final int ACTIVATED = 0;
    private static final int COMPLETED = 1;
    private static final int TERMINATED = 2;

    private record Known(EngineRecord.ProcessDeployed process, Map<String, AtomicLongArray> counts,
            Map<Long, EngineRecord.Incident> incidents) {
    }

    /** The definitions in the order they were deployed. */
    private final List<Known> deployed = new CopyOnWriteArrayList<>();
    private final Map<Long, Known> byKey = new ConcurrentHashMap<>();

    /** Deployments, element lifecycles and incidents: no variables, jobs or timers, which the engine then skips. */
    @Override
    public boolean wants(Class<? extends EngineRecord> kind) {
        return kind == EngineRecord.ProcessDeployed.class || kind == EngineRecord.Element.class
                || kind == EngineRecord.Incident.class;
    }

    @Override
    public void onRecord(EngineRecord record) {
        switch (record) {
            case EngineRecord.ProcessDeployed process -> {
                Known known = new Known(process, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
                if (byKey.putIfAbsent(process.processDefinitionKey(), known) == null) {
                    deployed.add(known);
                }
            }
            // the process itself is no element of the diagram
            case EngineRecord.Element element when element.elementType() != ElementType.PROCESS -> count(element);
            case EngineRecord.Incident incident -> {
                Known known = byKey.get(incident.processDefinitionKey());
                if (known != null && incident.intent() == EngineRecord.IncidentIntent.CREATED) {
                    known.incidents().put(incident.incidentKey(), incident);
                } else if (known != null) {
                    known.incidents().remove(incident.incidentKey());
                }
            }
            default -> {
            }
        }
    }

    private void count(EngineRecord.Element element) {
        int slot = switch (element.intent()) {
            case ACTIVATED -> ACTIVATED;
            case COMPLETED -> COMPLETED;
            case TERMINATED -> TERMINATED;
        };
        // the engine records a definition's deployment before any instance of it
        Known known = byKey.get(element.processDefinitionKey());
        if (known != null) {
            known.counts().computeIfAbsent(element.elementId(), id -> new AtomicLongArray(3)).incrementAndGet(slot);
        }
    }

    @Override
    public List<Definition> definitions() {
        List<Definition> result = new ArrayList<>();
        for (Known known : deployed) {
            Map<String, List<String>> incidents = new HashMap<>();
            known.incidents().values().forEach(incident -> incidents.computeIfAbsent(incident.elementId(),
                    id -> new ArrayList<>()).add(incident.errorMessage()));
            Map<String, ElementCount> counts = new HashMap<>();
            known.counts().forEach((element, c) -> {
                // an element activates before it completes or terminates: read those first, the activations last
                long completed = c.get(COMPLETED);
                long terminated = c.get(TERMINATED);
                long activated = c.get(ACTIVATED);
                List<String> messages = incidents.getOrDefault(element, List.of());
                counts.put(element, new ElementCount(Math.max(0, activated - completed - terminated), completed,
                        terminated, messages.size(), messages.stream().distinct().limit(ElementCount.MESSAGES)
                        .toList()));
            });
            // an incident before the element activated (an input mapping that failed) has no activation to count
            incidents.forEach((element, messages) -> counts.putIfAbsent(element, new ElementCount(0, 0, 0,
                    messages.size(), messages.stream().distinct().limit(ElementCount.MESSAGES).toList())));
            EngineRecord.ProcessDeployed process = known.process();
            result.add(new Definition(process.processDefinitionKey(), process.bpmnProcessId(), process.version(),
                    process.resourceName(), process.resource(), counts));
        }
        return result;
    }
}
