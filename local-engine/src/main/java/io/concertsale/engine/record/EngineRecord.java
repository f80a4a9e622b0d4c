package io.concertsale.engine.record;

import java.util.Map;

/**
 * What the engine did, one fact at a time, in the order it did it: the local engine's counterpart of Zeebe's exported
 * records. Observers (the process monitor, tests) receive them after the command that caused them is on disk. The
 * engine builds them only while an observer listens.
 */
public sealed interface EngineRecord {

    /** The record's place in the engine's history, counting from 1 since the engine started. */
    long position();

    /** The engine's clock (epoch milliseconds) when the command that caused it was processed. */
    long timestamp();

    /** A process definition was deployed (a new version: an unchanged resource deploys nothing new). */
    record ProcessDeployed(long position, long timestamp, long processDefinitionKey, String bpmnProcessId,
            int version, String resourceName, byte[] resource) implements EngineRecord {
    }

    /** An element instance changed its lifecycle state; the process itself is an element of type PROCESS. */
    record Element(long position, long timestamp, ElementIntent intent, long elementInstanceKey,
            long processInstanceKey, long processDefinitionKey, String bpmnProcessId, int version, String elementId,
            ElementType elementType, long flowScopeKey) implements EngineRecord {
    }

    /** A job changed its state. */
    record Job(long position, long timestamp, JobIntent intent, long jobKey, long processInstanceKey,
            long elementInstanceKey, String bpmnProcessId, String elementId, String type, int retries,
            long deadline, String errorCode, String errorMessage, Map<String, String> customHeaders)
            implements EngineRecord {
    }

    /** An incident was raised or resolved. */
    record Incident(long position, long timestamp, IncidentIntent intent, long incidentKey, long processInstanceKey,
            long processDefinitionKey, long elementInstanceKey, String bpmnProcessId, String elementId,
            String errorType, String errorMessage, long jobKey) implements EngineRecord {
    }

    /** A variable was created or changed in a scope (the process instance or an element instance). */
    record Variable(long position, long timestamp, VariableIntent intent, long processInstanceKey, long scopeKey,
            String name, String value) implements EngineRecord {
    }

    /** A timer was created, fired or cancelled; {@code repetitions} -1 is without end. */
    record Timer(long position, long timestamp, TimerIntent intent, long timerKey, long processInstanceKey,
            long elementInstanceKey, String targetElementId, long dueDate, int repetitions) implements EngineRecord {
    }

    /** A published message started a process instance through a message start event. */
    record MessageStartCorrelated(long position, long timestamp, long processInstanceKey,
            long processDefinitionKey, String bpmnProcessId, String startEventId, String messageName,
            String correlationKey) implements EngineRecord {
    }

    enum ElementIntent { ACTIVATED, COMPLETED, TERMINATED }

    enum JobIntent { CREATED, ACTIVATED, COMPLETED, FAILED, TIMED_OUT, TIMEOUT_UPDATED, RETRIES_UPDATED, ERROR_THROWN, CANCELED }

    enum IncidentIntent { CREATED, RESOLVED }

    enum VariableIntent { CREATED, UPDATED }

    enum TimerIntent { CREATED, TRIGGERED, CANCELED }

    /** The BPMN element types the engine runs, named as Zeebe names them. */
    enum ElementType {
        PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, START_EVENT, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT,
        BOUNDARY_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, SEND_TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY,
        EVENT_BASED_GATEWAY
    }
}
