package io.concertsale.eventkit.sink;

/** The sink did not accept an event. */
public class SinkException extends RuntimeException {

    private final boolean retryable;
    private final int status;

    public SinkException(String message, boolean retryable, int status, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = status;
    }

    /** False when the sink rejected the event itself (a 4xx other than 404, 408, 409, 429): sending it again fails too. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }
}
