package io.concertsale.events;

/**
 * An incoming CloudEvent that can never be handled: malformed, of a type the receiver does not take, or with
 * data that breaks its schema. Receivers answer 400 and change nothing; senders must not retry it.
 */
public class InvalidEventException extends RuntimeException {

    private final String problem;

    /**
     * @param problem a short, stable slug naming the problem ({@code malformed-event}, {@code unknown-type},
     *        {@code invalid-data}, {@code missing-correlation-key})
     */
    public InvalidEventException(String problem, String message) {
        super(message);
        this.problem = problem;
    }

    public InvalidEventException(String problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public String problem() {
        return problem;
    }
}
