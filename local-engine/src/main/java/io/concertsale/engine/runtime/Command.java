package io.concertsale.engine.runtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a client (or the engine's own clock) asks the engine to do. Commands are what the journal holds: the engine
 * is deterministic, so replaying the commands in order, each at the time it was first processed, rebuilds its state.
 * Variables travel as JSON documents, as on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Command.Deploy.class, name = "deploy"),
        @JsonSubTypes.Type(value = Command.CreateInstance.class, name = "create"),
        @JsonSubTypes.Type(value = Command.CancelInstance.class, name = "cancel"),
        @JsonSubTypes.Type(value = Command.PublishMessage.class, name = "publish"),
        @JsonSubTypes.Type(value = Command.ActivateJobs.class, name = "activate"),
        @JsonSubTypes.Type(value = Command.CompleteJob.class, name = "complete"),
        @JsonSubTypes.Type(value = Command.FailJob.class, name = "fail"),
        @JsonSubTypes.Type(value = Command.ThrowError.class, name = "error"),
        @JsonSubTypes.Type(value = Command.UpdateJobRetries.class, name = "retries"),
        @JsonSubTypes.Type(value = Command.UpdateJobTimeout.class, name = "timeout"),
        @JsonSubTypes.Type(value = Command.SetVariables.class, name = "variables"),
        @JsonSubTypes.Type(value = Command.ResolveIncident.class, name = "resolve"),
        @JsonSubTypes.Type(value = Command.Tick.class, name = "tick")
})
public sealed interface Command {

    record Resource(String name, byte[] content) {
    }

    record Deploy(List<Resource> resources) implements Command {
    }

    /** By process id and version (-1: the latest), or by definition key when it is positive. */
    record CreateInstance(String bpmnProcessId, int version, long processDefinitionKey, String variables)
            implements Command {
    }

    record CancelInstance(long processInstanceKey) implements Command {
    }

    record PublishMessage(String name, String correlationKey, long timeToLiveMillis, String messageId,
            String variables) implements Command {
    }

    /** Activates up to {@code max} jobs of the type, oldest first; {@code fetchVariables} empty means all. */
    record ActivateJobs(String type, String worker, long timeoutMillis, int max, List<String> fetchVariables)
            implements Command {
    }

    record CompleteJob(long jobKey, String variables) implements Command {
    }

    record FailJob(long jobKey, int retries, String errorMessage, long retryBackOffMillis, String variables)
            implements Command {
    }

    record ThrowError(long jobKey, String errorCode, String errorMessage, String variables) implements Command {
    }

    record UpdateJobRetries(long jobKey, int retries) implements Command {
    }

    record UpdateJobTimeout(long jobKey, long timeoutMillis) implements Command {
    }

    record SetVariables(long elementInstanceKey, String variables, boolean local) implements Command {
    }

    record ResolveIncident(long incidentKey) implements Command {
    }

    /** The clock's command: fires the timers now due, times out jobs past their deadline, drops expired messages. */
    record Tick() implements Command {
    }
}
