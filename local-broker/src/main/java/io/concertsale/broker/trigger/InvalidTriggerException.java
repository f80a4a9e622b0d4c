package io.concertsale.broker.trigger;

/** A Trigger manifest the broker cannot apply: malformed YAML, an unknown field, a missing or wrong value. */
public class InvalidTriggerException extends RuntimeException {

    public InvalidTriggerException(String message) {
        super(message);
    }

    public InvalidTriggerException(String message, Throwable cause) {
        super(message, cause);
    }
}
