package io.concertsale.router.zeebe;

/** The engine refused a command, or could not be asked. The kind says how callers and HTTP answers treat it. */
public class EngineException extends RuntimeException {

    /** What went wrong, as far as the router acts on it. */
    public enum Kind {
        /** Not reachable, overloaded, timed out, or failing inside: try again later (503). */
        UNAVAILABLE,
        /** The command itself is invalid, such as a model the engine does not accept (400). */
        REJECTED,
        /** The command conflicts with the state, such as completing a job that is not active (409). */
        CONFLICT,
        /** What the command names does not exist (any more). */
        NOT_FOUND,
        /** A message with the same id is still buffered. */
        ALREADY_EXISTS
    }

    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
