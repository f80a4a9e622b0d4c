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
 * What Camunda's search API answers about process definitions, process and element instances, jobs, incidents and
 * variables, kept from the engine's records: every deployed definition, every running instance with its elements,
 * jobs, incidents and variables, and the latest finished instances up to a limit (the oldest go first, so it stays
 * bounded). Records arrive on the engine's thread; searches come from the REST threads. It lives in memory: after a
 * restart it knows the definitions and what happens from then on.
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

    /**
     * A job as a search answers it: {@code state} is the last of CREATED, FAILED, RETRIES_UPDATED, TIMED_OUT,
     * COMPLETED, ERROR_THROWN and CANCELED (an activation or a new timeout changes its deadline, not its state).
     */
    public record JobRow(long jobKey, String type, String state, int retries, Long deadline, String errorCode,
            String errorMessage, Map<String, String> customHeaders, long processDefinitionKey,
            String processDefinitionId, long processInstanceKey, String elementId, long elementInstanceKey,
            Long endTime) {
    }

    /** An incident as a search answers it, ACTIVE or RESOLVED. */
    public record IncidentRow(long incidentKey, long processDefinitionKey, String processDefinitionId,
            long processInstanceKey, String errorType, String errorMessage, String elementId, long elementInstanceKey,
            long creationTime, String state, Long jobKey) {
    }

    /** A variable as a search answers it: its JSON value in the scope it lives in. */
    public record VariableRow(long variableKey, String name, String value, long scopeKey, long processInstanceKey) {
    }

    /** A deployed process definition. */
    public record DefinitionRow(long processDefinitionKey, String processDefinitionId, int version,
            String resourceName) {
    }

    private static final class Instance {
        final EngineRecord.Element process;
        String state = "ACTIVE";
        Long endDate;
        final Map<Long, ElementInstanceRow> elements = new LinkedHashMap<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        final Map<Long, Long> incidents = new LinkedHashMap<>();
        final Map<Long, IncidentRow> incidentRows = new LinkedHashMap<>();
        final Map<Long, JobRow> jobs = new LinkedHashMap<>();
        final Map<String, VariableRow> allVariables = new LinkedHashMap<>();

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
    private final Map<Long, DefinitionRow> definitions = new LinkedHashMap<>();

    public SearchIndex(int finishedLimit) {
        if (finishedLimit < 1) {
            throw new IllegalArgumentException("A search index keeps at least one finished instance");
        }
        this.finishedLimit = finishedLimit;
    }

    @Override
    public boolean wants(Class<? extends EngineRecord> kind) {
        return kind == EngineRecord.Element.class || kind == EngineRecord.Variable.class
                || kind == EngineRecord.Incident.class || kind == EngineRecord.Job.class
                || kind == EngineRecord.ProcessDeployed.class;
    }

    @Override
    public synchronized void onRecord(EngineRecord record) {
        switch (record) {
            case EngineRecord.Element element -> element(element);
            case EngineRecord.Variable variable -> variable(variable);
            case EngineRecord.Incident incident -> incident(incident);
            case EngineRecord.Job job -> job(job);
            case EngineRecord.ProcessDeployed deployed -> definitions.put(deployed.processDefinitionKey(),
                    new DefinitionRow(deployed.processDefinitionKey(), deployed.bpmnProcessId(), deployed.version(),
                            deployed.resourceName()));
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

    private void variable(EngineRecord.Variable variable) {
        Instance instance = instances.get(variable.processInstanceKey());
        if (instance == null) {
            return;
        }
        if (variable.scopeKey() == variable.processInstanceKey()) {
            instance.variables.put(variable.name(), variable.value());
        }
        VariableRow known = instance.allVariables.get(variable.scopeKey() + "/" + variable.name());
        // the record's position is unique in the engine, so it serves as the variable's key
        instance.allVariables.put(variable.scopeKey() + "/" + variable.name(), new VariableRow(
                known == null ? variable.position() : known.variableKey(), variable.name(), variable.value(),
                variable.scopeKey(), variable.processInstanceKey()));
    }

    private void job(EngineRecord.Job job) {
        Instance instance = instances.get(job.processInstanceKey());
        if (instance == null) {
            return;
        }
        JobRow known = instance.jobs.get(job.jobKey());
        String state = switch (job.intent()) {
            case ACTIVATED, TIMEOUT_UPDATED -> known == null ? "CREATED" : known.state();
            default -> job.intent().name();
        };
        boolean ended = switch (job.intent()) {
            case COMPLETED, ERROR_THROWN, CANCELED -> true;
            default -> false;
        };
        instance.jobs.put(job.jobKey(), new JobRow(job.jobKey(), job.type(), state, job.retries(),
                job.deadline() > 0 ? job.deadline() : null, job.errorCode(), job.errorMessage(), job.customHeaders(),
                instance.process.processDefinitionKey(), instance.process.bpmnProcessId(), job.processInstanceKey(),
                job.elementId(), job.elementInstanceKey(), ended ? job.timestamp() : null));
    }

    private void incident(EngineRecord.Incident incident) {
        Instance instance = instances.get(incident.processInstanceKey());
        if (instance == null) {
            return;
        }
        ElementInstanceRow element = instance.elements.get(incident.elementInstanceKey());
        IncidentRow known = instance.incidentRows.get(incident.incidentKey());
        instance.incidentRows.put(incident.incidentKey(), new IncidentRow(incident.incidentKey(),
                incident.processDefinitionKey(), incident.bpmnProcessId(), incident.processInstanceKey(),
                incident.errorType(), incident.errorMessage(), incident.elementId(), incident.elementInstanceKey(),
                known == null ? incident.timestamp() : known.creationTime(),
                incident.intent() == EngineRecord.IncidentIntent.CREATED ? "ACTIVE" : "RESOLVED",
                incident.jobKey() > 0 ? incident.jobKey() : null));
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
        return matching(instance -> instance.elements.values(), filter);
    }

    /** The jobs that match, in the order they were created. */
    public synchronized List<JobRow> jobs(Predicate<JobRow> filter) {
        return matching(instance -> instance.jobs.values(), filter);
    }

    /** The incidents that match, in the order they were raised. */
    public synchronized List<IncidentRow> incidents(Predicate<IncidentRow> filter) {
        return matching(instance -> instance.incidentRows.values(), filter);
    }

    /** The variables that match, in the order they were created. */
    public synchronized List<VariableRow> variables(Predicate<VariableRow> filter) {
        return matching(instance -> instance.allVariables.values(), filter);
    }

    /** The deployed process definitions that match, in the order they were deployed. */
    public synchronized List<DefinitionRow> definitions(Predicate<DefinitionRow> filter) {
        return definitions.values().stream().filter(filter).toList();
    }

    /** Whether the definition is the latest version of its process. */
    public synchronized boolean isLatest(DefinitionRow definition) {
        return definitions.values().stream().noneMatch(other -> other.processDefinitionId()
                .equals(definition.processDefinitionId()) && other.version() > definition.version());
    }

    private <T> List<T> matching(java.util.function.Function<Instance, java.util.Collection<T>> rowsOf,
            Predicate<T> filter) {
        List<T> rows = new ArrayList<>();
        for (Instance instance : instances.values()) {
            for (T row : rowsOf.apply(instance)) {
                if (filter.test(row)) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
