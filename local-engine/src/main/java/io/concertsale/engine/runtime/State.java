package io.concertsale.engine.runtime;

import io.concertsale.engine.model.Node;
import io.concertsale.engine.model.ProcessModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's live state: plain objects owned by the engine thread. Iteration orders are insertion orders. */
final class State {

    private State() {
    }

    /** A deployed version of a process. */
    record Definition(long key, String bpmnProcessId, int version, String resourceName, byte[] resource,
            String checksum, ProcessModel model) {
    }

    static final class ProcessInstance {
        final long key;
        final Definition definition;
        ElementInstance root;
        /** For an instance a message start event started: (process id, correlation key), unique while it runs. */
        String startedBy;
        String startMessageName;
        String startCorrelationKey;

        ProcessInstance(long key, Definition definition) {
            this.key = key;
            this.definition = definition;
        }
    }

    static final class ElementInstance {
        final long key;
        final Node node;
        final ElementInstance parent;
        final ProcessInstance instance;
        final Map<Long, ElementInstance> children = new LinkedHashMap<>();
        Map<String, Object> variables;
        /** Parallel joins waiting in this scope: gateway id → incoming flow id → tokens. */
        Map<String, Map<String, Integer>> joins;
        Job job;
        List<Subscription> subscriptions;
        List<TimerInstance> timers;
        Incident incident;
        boolean activated;
        boolean interrupted;
        /** The result a completion carries while an output-mapping incident stands. */
        Map<String, Object> pendingResult;
        Node.Flow pendingFlow;

        ElementInstance(long key, Node node, ElementInstance parent, ProcessInstance instance) {
            this.key = key;
            this.node = node;
            this.parent = parent;
            this.instance = instance;
        }

        Map<String, Object> variables() {
            if (variables == null) {
                variables = new LinkedHashMap<>();
            }
            return variables;
        }

        void addSubscription(Subscription subscription) {
            if (subscriptions == null) {
                subscriptions = new ArrayList<>(2);
            }
            subscriptions.add(subscription);
        }

        void addTimer(TimerInstance timer) {
            if (timers == null) {
                timers = new ArrayList<>(2);
            }
            timers.add(timer);
        }
    }

    enum JobState { ACTIVATABLE, ACTIVATED, FAILED, ERROR_THROWN }

    static final class Job {
        final long key;
        final ElementInstance element;
        final String type;
        final Map<String, String> headers;
        int retries;
        JobState state = JobState.ACTIVATABLE;
        long deadline = -1;
        long backOffUntil;
        String worker = "";
        String errorMessage = "";
        String errorCode = "";

        Job(long key, ElementInstance element, String type, int retries, Map<String, String> headers) {
            this.key = key;
            this.element = element;
            this.type = type;
            this.retries = retries;
            this.headers = headers;
        }
    }

    /** An open message subscription: the element instance that waits and the element the message triggers. */
    static final class Subscription {
        final long key;
        final String messageName;
        final String correlationKey;
        final ElementInstance owner;
        final Node node;

        Subscription(long key, String messageName, String correlationKey, ElementInstance owner, Node node) {
            this.key = key;
            this.messageName = messageName;
            this.correlationKey = correlationKey;
            this.owner = owner;
            this.node = node;
        }

        String bpmnProcessId() {
            return owner.instance.definition.bpmnProcessId();
        }
    }

    static final class TimerInstance {
        final long key;
        final ElementInstance owner;
        final Node node;
        final long due;
        /** The repetitions left including this one; -1: without end. */
        final int repetitions;
        final long intervalMillis;

        TimerInstance(long key, ElementInstance owner, Node node, long due, int repetitions, long intervalMillis) {
            this.key = key;
            this.owner = owner;
            this.node = node;
            this.due = due;
            this.repetitions = repetitions;
            this.intervalMillis = intervalMillis;
        }
    }

    static final class BufferedMessage {
        final long key;
        final String name;
        final String correlationKey;
        final String messageId;
        final Map<String, Object> variables;
        final long deadline;
        final Set<String> correlatedProcessIds = new LinkedHashSet<>();

        BufferedMessage(long key, String name, String correlationKey, String messageId, Map<String, Object> variables,
                long deadline) {
            this.key = key;
            this.name = name;
            this.correlationKey = correlationKey;
            this.messageId = messageId;
            this.variables = variables;
            this.deadline = deadline;
        }
    }

    enum IncidentType { JOB_NO_RETRIES, UNHANDLED_ERROR_EVENT, EXTRACT_VALUE_ERROR, CONDITION_ERROR, IO_MAPPING_ERROR }

    /** What to run again when an incident on an element is resolved. */
    enum Stage { ENTER, COMPLETE }

    static final class Incident {
        final long key;
        final IncidentType type;
        final String message;
        final ElementInstance element;
        final Job job;
        final Stage stage;

        Incident(long key, IncidentType type, String message, ElementInstance element, Job job, Stage stage) {
            this.key = key;
            this.type = type;
            this.message = message;
            this.element = element;
            this.job = job;
            this.stage = stage;
        }
    }
}
