package io.concertsale.engine.model;

import io.concertsale.engine.record.EngineRecord.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One element of a compiled process, with what the engine needs to run it. Built once at deployment by
 * {@link ModelCompiler} and never changed after.
 */
public final class Node {

    /** What happens when a catch event, a boundary event or a start event is triggered. */
    public enum TriggerKind { NONE, MESSAGE, TIMER, ERROR }

    /** How an end event ends. */
    public enum EndKind { NONE, ERROR, TERMINATE }

    /** A timer definition: a duration, a cycle ({@code R5/PT10S}, {@code R/PT1M}) or a date. */
    public enum TimerKind { DURATION, CYCLE, DATE }

    public record Message(String name, Expression correlationKey) {
    }

    public record Timer(TimerKind kind, Expression expression) {
    }

    public record Job(Expression type, Expression retries, Map<String, String> headers) {
    }

    public record Mapping(Expression source, String target) {
    }

    public record Flow(String id, Node source, Node target, Expression condition) {
    }

    final String id;
    final ElementType type;
    Node scope;
    final List<Flow> outgoing = new ArrayList<>();
    int incoming;

    TriggerKind trigger = TriggerKind.NONE;
    Message message;
    Timer timer;
    String errorCode;
    boolean interrupting = true;
    Node attachedTo;
    final List<Node> boundaries = new ArrayList<>();

    Job job;
    final List<Mapping> inputs = new ArrayList<>();
    final List<Mapping> outputs = new ArrayList<>();
    Flow defaultFlow;
    EndKind end = EndKind.NONE;

    /** For a process, a sub-process or an event sub-process: the none start event, and the event sub-processes. */
    Node noneStart;
    final List<Node> eventSubProcesses = new ArrayList<>();
    /** For an event sub-process: its start event. */
    Node start;

    Node(String id, ElementType type) {
        this.id = id;
        this.type = type;
    }

    public String id() {
        return id;
    }

    public ElementType type() {
        return type;
    }

    /** The process or sub-process this element runs in; null for the process itself. */
    public Node scope() {
        return scope;
    }

    public List<Flow> outgoing() {
        return outgoing;
    }

    public int incoming() {
        return incoming;
    }

    public TriggerKind trigger() {
        return trigger;
    }

    public Message message() {
        return message;
    }

    public Timer timer() {
        return timer;
    }

    /** The error code a catch event catches (null: every error) or an error end event throws. */
    public String errorCode() {
        return errorCode;
    }

    /** For a boundary event, whether it interrupts its activity; for an event sub-process, whether it interrupts its scope. */
    public boolean interrupting() {
        return interrupting;
    }

    public Node attachedTo() {
        return attachedTo;
    }

    public List<Node> boundaries() {
        return boundaries;
    }

    /** The job a service task (or a send task, or a throw event with a task definition) creates; null otherwise. */
    public Job job() {
        return job;
    }

    public List<Mapping> inputs() {
        return inputs;
    }

    public List<Mapping> outputs() {
        return outputs;
    }

    public Flow defaultFlow() {
        return defaultFlow;
    }

    public EndKind end() {
        return end;
    }

    public Node noneStart() {
        return noneStart;
    }

    public List<Node> eventSubProcesses() {
        return eventSubProcesses;
    }

    public Node start() {
        return start;
    }

    public boolean isScope() {
        return type == ElementType.PROCESS || type == ElementType.SUB_PROCESS || type == ElementType.EVENT_SUB_PROCESS;
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
