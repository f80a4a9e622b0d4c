package io.concertsale.engine.runtime;

import java.util.List;
import java.util.Map;

/**
 * The engine's live state as a snapshot: JSON lines, a header first (the key counter, the deployed definitions, the
 * order of the jobs waiting to be activated), then one line per running process instance and one per buffered
 * message. Finished instances are not in it: a snapshot is how the data folder stays bounded.
 */
final class Snapshot {

    static final int FORMAT = 1;

    private Snapshot() {
    }

    record Header(int format, long time, long nextKey, long journalGeneration, List<DefinitionData> definitions,
            Map<String, List<Long>> activatable) {
    }

    record DefinitionData(long key, String bpmnProcessId, int version, String resourceName, byte[] resource) {
    }

    /** One line after the header: an instance or a message. */
    record Line(InstanceData instance, MessageData message) {
    }

    record InstanceData(long key, long definitionKey, String startMessageName, String startCorrelationKey,
            ElementData root) {
    }

    record ElementData(long key, String nodeId, Map<String, Object> variables,
            Map<String, Map<String, Integer>> joins, boolean activated, boolean interrupted,
            Map<String, Object> pendingResult, String pendingFlowId, JobData job, List<SubscriptionData> subscriptions,
            List<TimerData> timers, IncidentData incident, List<ElementData> children) {
    }

    record JobData(long key, String type, int retries, String state, long deadline, long backOffUntil, String worker,
            String errorMessage, String errorCode) {
    }

    record SubscriptionData(long key, String messageName, String correlationKey, String nodeId) {
    }

    record TimerData(long key, String nodeId, long due, int repetitions, long intervalMillis) {
    }

    record IncidentData(long key, String type, String message, String stage, boolean onJob) {
    }

    record MessageData(long key, String name, String correlationKey, String messageId, Map<String, Object> variables,
            long deadline, List<String> correlatedProcessIds) {
    }
}
