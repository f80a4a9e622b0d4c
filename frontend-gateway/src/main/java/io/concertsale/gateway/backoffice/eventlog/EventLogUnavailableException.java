package io.concertsale.gateway.backoffice.eventlog;

/** There is no event log (a Knative broker), or the broker that keeps it cannot be reached; answered 503. */
public class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
