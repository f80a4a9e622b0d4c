package io.concertsale.router.test;

import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.EngineRecord.IncidentIntent;
import io.concertsale.engine.record.EngineRecord.JobIntent;
import io.concertsale.engine.record.RecordedHistory;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The local engine (module {@code local-engine}) in memory on a free port, and questions about what it recorded. */
public final class EmbeddedEngine implements AutoCloseable {

    private final LocalEngine engine;
    private final RecordedHistory history;

    private EmbeddedEngine(LocalEngine engine, RecordedHistory history) {
        this.engine = engine;
        this.history = history;
    }

    public static EmbeddedEngine start() {
        RecordedHistory history = new RecordedHistory();
        LocalEngine engine = LocalEngine.start(EngineOptions.inMemory(), history);
        return new EmbeddedEngine(engine, history);
    }

    public URI grpcAddress() {
        return engine.grpcAddress();
    }

    /** Every record the engine wrote so far (its records are all events: no commands, no rejections). */
    public Stream<EngineRecord> events() {
        return history.all().stream();
    }

    public Stream<EngineRecord.Element> processInstanceEvents() {
        return history.of(EngineRecord.Element.class);
    }

    public Stream<EngineRecord.Job> jobEvents() {
        return history.of(EngineRecord.Job.class);
    }

    public Stream<EngineRecord.Incident> incidents() {
        return history.of(EngineRecord.Incident.class).filter(record -> record.intent() == IncidentIntent.CREATED);
    }

    private Stream<EngineRecord.Variable> variables(long processInstanceKey) {
        return history.of(EngineRecord.Variable.class)
                .filter(record -> record.processInstanceKey() == processInstanceKey);
    }

    /** Whether the engine holds a deployed definition of the process. */
    public boolean deployed(String bpmnProcessId) {
        return history.of(EngineRecord.ProcessDeployed.class)
                .anyMatch(process -> process.bpmnProcessId().equals(bpmnProcessId));
    }

    /** The keys of the instances of a process, in the order they started. */
    public List<Long> instances(String bpmnProcessId) {
        return processInstanceEvents()
                .filter(record -> record.intent() == ElementIntent.ACTIVATED)
                .filter(record -> record.elementType() == ElementType.PROCESS
                        && bpmnProcessId.equals(record.bpmnProcessId())
                        && bpmnProcessId.equals(record.elementId()))
                .map(EngineRecord.Element::processInstanceKey).distinct().toList();
    }

    /** Waits for the first instance of the process. */
    public long awaitInstance(String bpmnProcessId) {
        return Waiting.until(() -> instances(bpmnProcessId).stream().findFirst().orElse(null),
                "an instance of " + bpmnProcessId);
    }

    /** Whether the element reached the state in the instance. */
    public boolean reached(long processInstanceKey, String elementId, ElementIntent intent) {
        return processInstanceEvents().anyMatch(record -> record.intent() == intent
                && record.processInstanceKey() == processInstanceKey
                && elementId.equals(record.elementId()));
    }

    public void awaitElement(long processInstanceKey, String elementId, ElementIntent intent) {
        Waiting.until(() -> reached(processInstanceKey, elementId, intent),
                elementId + " " + intent + " in instance " + processInstanceKey);
    }

    /** The job records of an element of an instance with the intent, in order. */
    public List<EngineRecord.Job> jobs(long processInstanceKey, String elementId, JobIntent intent) {
        return jobEvents().filter(record -> record.intent() == intent
                && record.processInstanceKey() == processInstanceKey
                && elementId.equals(record.elementId())).toList();
    }

    public EngineRecord.Job awaitJob(long processInstanceKey, String elementId, JobIntent intent) {
        return Waiting.until(() -> jobs(processInstanceKey, elementId, intent).stream().findFirst().orElse(null),
                "job of " + elementId + " " + intent + " in instance " + processInstanceKey);
    }

    public Optional<EngineRecord.Incident> incident(long processInstanceKey) {
        return incidents().filter(record -> record.processInstanceKey() == processInstanceKey).findFirst();
    }

    public EngineRecord.Incident awaitIncident(long processInstanceKey) {
        return Waiting.until(() -> incident(processInstanceKey).orElse(null), "an incident in " + processInstanceKey);
    }

    /** The latest value (JSON) of a variable of the instance, if set. */
    public Optional<String> variable(long processInstanceKey, String name) {
        return variables(processInstanceKey).filter(record -> record.name().equals(name))
                .reduce((first, second) -> second).map(EngineRecord.Variable::value);
    }

    @Override
    public void close() {
        engine.close();
    }
}
