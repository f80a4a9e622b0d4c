package io.concertsale.launcher.process;

import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordValue;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.Assertions;

/**
 * What the embedded engine recorded about the process instances of a sale session: found by the process variable
 * {@code correlationKey} the router sets from every event's {@code correlationkey}.
 */
public final class ProcessRecords {

    private final RecordStreamSource records;

    public ProcessRecords(ZeebeTestEngine engine) {
        this.records = engine.getRecordStreamSource();
    }

    /** The keys of the process instances of a session, oldest first. */
    public List<Long> instancesOf(String sessionId) {
        String value = "\"" + sessionId + "\"";
        Set<Long> keys = new LinkedHashSet<>();
        records(ValueType.VARIABLE, VariableRecordValue.class)
                .filter(variable -> variable.getValue().getName().equals("correlationKey")
                        && variable.getValue().getValue().equals(value))
                .forEach(variable -> keys.add(variable.getValue().getProcessInstanceKey()));
        return List.copyOf(keys);
    }

    /** Waits for the session's only (or newest) process instance to exist. */
    public long awaitInstanceOf(String sessionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Long> instances = instancesOf(sessionId);
            if (!instances.isEmpty()) {
                return instances.getLast();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No process instance started for session " + sessionId);
            }
            pause();
        }
    }

    /** The element ids of the instance that completed, in order. */
    public List<String> completedElements(long processInstanceKey) {
        return elementRecords(processInstanceKey)
                .filter(record -> record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
                .map(record -> record.getValue().getElementId())
                .toList();
    }

    /** The version of the process definition the instance runs on. */
    public int versionOf(long processInstanceKey) {
        return elementRecords(processInstanceKey)
                .filter(record -> record.getValue().getBpmnElementType() == BpmnElementType.PROCESS)
                .map(record -> record.getValue().getVersion())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No process record for instance " + processInstanceKey));
    }

    /** Whether the instance as a whole completed. */
    public boolean ended(long processInstanceKey) {
        return elementRecords(processInstanceKey)
                .anyMatch(record -> record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
                        && (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED));
    }

    /** Waits until the instance completed every one of the elements, and returns all it completed. */
    public List<String> awaitCompleted(long processInstanceKey, Duration timeout, String... elementIds) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> completed = completedElements(processInstanceKey);
            if (completed.containsAll(List.of(elementIds))) {
                return completed;
            }
            if (System.nanoTime() > deadline) {
                Assertions.fail("Process instance %d completed %s, not yet all of %s", processInstanceKey, completed,
                        List.of(elementIds));
            }
            pause();
        }
    }

    private Stream<Record<ProcessInstanceRecordValue>> elementRecords(long processInstanceKey) {
        return records(ValueType.PROCESS_INSTANCE, ProcessInstanceRecordValue.class)
                .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey);
    }

    @SuppressWarnings("unchecked")
    private <T extends RecordValue> Stream<Record<T>> records(ValueType type, Class<T> valueClass) {
        return StreamSupport.stream(records.getRecords().spliterator(), false)
                .filter(record -> record.getValueType() == type && valueClass.isInstance(record.getValue()))
                .map(record -> (Record<T>) record);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
