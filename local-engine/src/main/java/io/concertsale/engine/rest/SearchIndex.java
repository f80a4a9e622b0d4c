package io.concertsale.engine.rest;

import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.RecordListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What Camunda's search API answers about process and element instances, kept from the engine's records: every
 * running instance, and the latest finished ones up to a limit (the oldest go first, so it stays bounded). Records
 * arrive on the engine's thread; searches come from the REST threads.
 */
public final class SearchIndex implements RecordListener {

    /** A process instance as a search answers it; {@code variables} are those of its own scope (JSON values). */
    public record ProcessInstanceRow(long processInstanceKey, long processDefinitionKey, String processDefinitionId,
            int processDefinitionVersion, String state, long startDate, Long endDate, boolean hasIncident,
            Map<String, String> variables) {
    }

    /** An element instance as a search answers it. */
    public record ElementInstanceRow(long elementInstanceKey, long processInstanceKey, long processDefinitionKey,
            String processDefinitionId, String elementId, ElementType type, String state, long startDate,
            Long endDate, Long incidentKey) {
    }

    private static final class Instance {
        final EngineRecord.Element process;
        String state = "ACTIVE";
        Long endDate;
        final Map<Long, ElementInstanceRow> elements = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        final Map<Long, Long> incidents = new LinkedHashMap<>();

        Instance(EngineRecord.Element process) {
            this.process = process;
        }

        ProcessInstanceRow row() {
            return new ProcessInstanceRow(process.processInstanceKey(), process.processDefinitionKey(),
                    process.bpmnProcessId(), process.version(), state, process.timestamp(), endDate,
                    !incidents.isEmpty(), Map.copyOf(variables));
        }
    }

    private final int finishedLimit;
    private final Map<Long, Instance> instances = new LinkedHashMap<>();
    private final ArrayDeque<Long> finished = new ArrayDeque<>();

    public SearchIndex(int finishedLimit) {
        if (finishedLimit < 1) {
            throw new IllegalArgumentException("A search index keeps at least one finished instance");
        }
        this.finishedLimit = finishedLimit;
    }

    @Override
    public boolean wants(Class<? extends EngineRecord> kind) {
        return kind == EngineRecord.Element.class || kind == EngineRecord.Variable.class
                || kind == EngineRecord.Incident.class;
    }

    @Override
    public synchronized void onRecord(EngineRecord record) {
        switch (record) {
            case EngineRecord.Element element -> element(element);
            case EngineRecord.Variable variable -> {
                Instance instance = instances.get(variable.processInstanceKey());
                if (instance != null && variable.scopeKey() == variable.processInstanceKey()) {
                    instance.variables.put(variable.name(), variable.value());
                }
            }
            case EngineRecord.Incident incident -> incident(incident);
            default -> {
            }
        }
    }

    private void element(EngineRecord.Element element) {
        if (element.elementType() == ElementType.PROCESS) {
            if (element.intent() == ElementIntent.ACTIVATED) {
                instances.put(element.processInstanceKey(), new Instance(element));
                return;
            }
            Instance instance = instances.get(element.processInstanceKey());
            if (instance != null && instance.endDate == null) {
                instance.state = element.intent() == ElementIntent.COMPLETED ? "COMPLETED" : "TERMINATED";
                instance.endDate = element.timestamp();
                finished.addLast(element.processInstanceKey());
                while (finished.size() > finishedLimit) {
                    instances.remove(finished.removeFirst());
                }
            }
            return;
        }
        Instance instance = instances.get(element.processInstanceKey());
        if (instance == null) {
            return;
        }
        ElementInstanceRow known = instance.elements.get(element.elementInstanceKey());
        if (element.intent() == ElementIntent.ACTIVATED || known == null) {
            instance.elements.put(element.elementInstanceKey(), new ElementInstanceRow(element.elementInstanceKey(),
                    element.processInstanceKey(), element.processDefinitionKey(), element.bpmnProcessId(),
                    element.elementId(), element.elementType(), state(element.intent()), element.timestamp(),
                    element.intent() == ElementIntent.ACTIVATED ? null : element.timestamp(), null));
        } else {
            instance.elements.put(element.elementInstanceKey(), withState(known, state(element.intent()),
                    element.timestamp(), known.incidentKey()));
        }
    }

    private void incident(EngineRecord.Incident incident) {
        Instance instance = instances.get(incident.processInstanceKey());
        if (instance == null) {
            return;
        }
        ElementInstanceRow element = instance.elements.get(incident.elementInstanceKey());
        if (incident.intent() == EngineRecord.IncidentIntent.CREATED) {
            instance.incidents.put(incident.incidentKey(), incident.elementInstanceKey());
            if (element != null) {
                instance.elements.put(element.elementInstanceKey(), withState(element, element.state(),
                        element.endDate(), incident.incidentKey()));
            }
        } else {
            instance.incidents.remove(incident.incidentKey());
            if (element != null && Long.valueOf(incident.incidentKey()).equals(element.incidentKey())) {
                instance.elements.put(element.elementInstanceKey(), withState(element, element.state(),
                        element.endDate(), null));
            }
        }
    }

    private static ElementInstanceRow withState(ElementInstanceRow row, String state, Long endDate, Long incident) {
        return new ElementInstanceRow(row.elementInstanceKey(), row.processInstanceKey(), row.processDefinitionKey(),
                row.processDefinitionId(), row.elementId(), row.type(), state, row.startDate(), endDate, incident);
    }

    private static String state(ElementIntent intent) {
        return switch (intent) {
            case ACTIVATED -> "ACTIVE";
            case COMPLETED -> "COMPLETED";
            case TERMINATED -> "TERMINATED";
        };
    }

    /** The process instances that match, oldest first. */
    public synchronized List<ProcessInstanceRow> processInstances(Predicate<ProcessInstanceRow> filter) {
        List<ProcessInstanceRow> rows = new ArrayList<>();
        for (Instance instance : instances.values()) {
            ProcessInstanceRow row = instance.row();
            if (filter.test(row)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The element instances that match, in the order they were activated. */
    public synchronized List<ElementInstanceRow> elementInstances(Predicate<ElementInstanceRow> filter) {
        List<ElementInstanceRow> rows = new ArrayList<>();
        for (Instance instance : instances.values()) {
            for (ElementInstanceRow row : instance.elements.values()) {
                if (filter.test(row)) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The element instances of one process instance, in the order they were activated. */
    public synchronized List<ElementInstanceRow> elementInstancesOf(long processInstanceKey) {
        Instance instance = instances.get(processInstanceKey);
        return instance == null ? List.of() : List.copyOf(instance.elements.values());
    }
}
