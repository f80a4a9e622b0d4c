package io.concertsale.router.test;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The real embedded Zeebe engine on a free port, and questions about what it recorded. */
public final class EmbeddedEngine implements AutoCloseable {

    private final int port;
    private final ZeebeTestEngine engine;

    private EmbeddedEngine(int port, ZeebeTestEngine engine) {
        this.port = port;
        this.engine = engine;
    }

    public static EmbeddedEngine start() {
        int port = FreePorts.next();
        ZeebeTestEngine engine = EngineFactory.create(port);
        engine.start();
        return new EmbeddedEngine(port, engine);
    }

    public URI grpcAddress() {
        return URI.create("http://localhost:" + port);
    }

    /** Every event record (not commands, not rejections). */
    public Stream<Record<?>> events() {
        return StreamSupport.stream(engine.getRecordStreamSource().getRecords().spliterator(), false)
                .filter(record -> record.getRecordType() == RecordType.EVENT);
    }

    @SuppressWarnings("unchecked")
    public Stream<Record<ProcessInstanceRecordValue>> processInstanceEvents() {
        return events().filter(record -> record.getValueType() == ValueType.PROCESS_INSTANCE)
                .map(record -> (Record<ProcessInstanceRecordValue>) record);
    }

    @SuppressWarnings("unchecked")
    public Stream<Record<JobRecordValue>> jobEvents() {
        return events().filter(record -> record.getValueType() == ValueType.JOB)
                .map(record -> (Record<JobRecordValue>) record);
    }

    @SuppressWarnings("unchecked")
    public Stream<Record<IncidentRecordValue>> incidents() {
        return events().filter(record -> record.getValueType() == ValueType.INCIDENT
                && record.getIntent() == IncidentIntent.CREATED).map(record -> (Record<IncidentRecordValue>) record);
    }

    @SuppressWarnings("unchecked")
    private Stream<Record<VariableRecordValue>> variables(long processInstanceKey) {
        return events().filter(record -> record.getValueType() == ValueType.VARIABLE)
                .map(record -> (Record<VariableRecordValue>) record)
                .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey);
    }

    /** Whether the engine holds a deployed definition of the process. */
    public boolean deployed(String bpmnProcessId) {
        return events().filter(record -> record.getValueType() == ValueType.PROCESS)
                .map(record -> (Process) record.getValue())
                .anyMatch(process -> process.getBpmnProcessId().equals(bpmnProcessId));
    }

    /** The keys of the instances of a process, in the order they started. */
    public List<Long> instances(String bpmnProcessId) {
        return processInstanceEvents()
                .filter(record -> record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
                .filter(record -> record.getValue().getBpmnProcessId().equals(bpmnProcessId)
                        && record.getValue().getElementId().equals(bpmnProcessId))
                .map(record -> record.getValue().getProcessInstanceKey()).distinct().toList();
    }

    /** Waits for the first instance of the process. */
    public long awaitInstance(String bpmnProcessId) {
        return Waiting.until(() -> instances(bpmnProcessId).stream().findFirst().orElse(null),
                "an instance of " + bpmnProcessId);
    }

    /** Whether the element reached the state in the instance. */
    public boolean reached(long processInstanceKey, String elementId, ProcessInstanceIntent intent) {
        return processInstanceEvents().anyMatch(record -> record.getIntent() == intent
                && record.getValue().getProcessInstanceKey() == processInstanceKey
                && record.getValue().getElementId().equals(elementId));
    }

    public void awaitElement(long processInstanceKey, String elementId, ProcessInstanceIntent intent) {
        Waiting.until(() -> reached(processInstanceKey, elementId, intent),
                elementId + " " + intent + " in instance " + processInstanceKey);
    }

    /** The job records of an element of an instance with the intent, in order. */
    public List<Record<JobRecordValue>> jobs(long processInstanceKey, String elementId, Intent intent) {
        return jobEvents().filter(record -> record.getIntent() == intent
                && record.getValue().getProcessInstanceKey() == processInstanceKey
                && record.getValue().getElementId().equals(elementId)).toList();
    }

    public Record<JobRecordValue> awaitJob(long processInstanceKey, String elementId, JobIntent intent) {
        return Waiting.until(() -> jobs(processInstanceKey, elementId, intent).stream().findFirst().orElse(null),
                "job of " + elementId + " " + intent + " in instance " + processInstanceKey);
    }

    public Optional<Record<IncidentRecordValue>> incident(long processInstanceKey) {
        return incidents().filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey).findFirst();
    }

    public Record<IncidentRecordValue> awaitIncident(long processInstanceKey) {
        return Waiting.until(() -> incident(processInstanceKey).orElse(null), "an incident in " + processInstanceKey);
    }

    /** The latest value (JSON) of a variable of the instance, if set. */
    public Optional<String> variable(long processInstanceKey, String name) {
        return variables(processInstanceKey).filter(record -> record.getValue().getName().equals(name))
                .reduce((first, second) -> second).map(record -> record.getValue().getValue());
    }

    @Override
    public void close() {
        engine.stop();
    }
}
