package io.concertsale.engine.runtime;

/** A command the engine refuses; it changed nothing. The reason maps to a gRPC status. */
public final class Rejection extends RuntimeException {

    public enum Reason { INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION }

    private final Reason reason;

    public Rejection(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
