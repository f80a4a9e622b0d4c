package io.concertsale.broker.store;

/** The broker's log could not take an event (disk full, closed): the event is not accepted and may be sent again. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
