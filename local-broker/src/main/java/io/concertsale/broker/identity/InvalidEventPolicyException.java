package io.concertsale.broker.identity;

/** An EventPolicy manifest the local broker cannot read; the message names the file, the document and the field. */
public class InvalidEventPolicyException extends RuntimeException {

    public InvalidEventPolicyException(String message) {
        super(message);
    }

    public InvalidEventPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
