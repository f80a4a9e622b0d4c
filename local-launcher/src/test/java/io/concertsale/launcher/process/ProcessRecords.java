package io.concertsale.launcher.process;

import io.concertsale.engine.LocalEngine;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.RecordedHistory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;

/**
 * What an engine recorded about the process instances of a sale session: found by the process variable
 * {@code correlationKey} the router sets from every event's {@code correlationkey}. It sees the records written after
 * it was made.
 */
public final class ProcessRecords {

    private final RecordedHistory records;

    /** Records what the engine does from now on. */
    public ProcessRecords(LocalEngine engine) {
        this.records = new RecordedHistory();
        engine.addListener(records);
    }

    /** The keys of the process instances of a session, oldest first. */
    public List<Long> instancesOf(String sessionId) {
        String value = "\"" + sessionId + "\"";
        Set<Long> keys = new LinkedHashSet<>();
        records.of(EngineRecord.Variable.class)
                .filter(variable -> variable.name().equals("correlationKey") && value.equals(variable.value()))
                .forEach(variable -> keys.add(variable.processInstanceKey()));
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
                .filter(record -> record.intent() == ElementIntent.COMPLETED)
                .map(EngineRecord.Element::elementId)
                .toList();
    }

    /** The version of the process definition the instance runs on. */
    public int versionOf(long processInstanceKey) {
        return elementRecords(processInstanceKey)
                .filter(record -> record.elementType() == ElementType.PROCESS)
                .map(EngineRecord.Element::version)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No process record for instance " + processInstanceKey));
    }

    /** Whether the instance as a whole completed. */
    public boolean ended(long processInstanceKey) {
        return elementRecords(processInstanceKey)
                .anyMatch(record -> record.elementType() == ElementType.PROCESS
                        && (record.intent() == ElementIntent.COMPLETED
                        || record.intent() == ElementIntent.TERMINATED));
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

    private Stream<EngineRecord.Element> elementRecords(long processInstanceKey) {
        return records.of(EngineRecord.Element.class)
                .filter(record -> record.processInstanceKey() == processInstanceKey);
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
