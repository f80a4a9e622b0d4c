package io.concertsale.gateway.backoffice.deadletter;

/** No broker with a dead letter API is configured, or it cannot be reached; answered 503. */
public class DeadLettersUnavailableException extends RuntimeException {

    public DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
