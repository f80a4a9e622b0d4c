package io.concertsale.gateway.backoffice.deadletter;

/**
 * The broker refused to replay or discard a letter: the status it answered (404 no such letter, 409 not replayable)
 * and its problem's detail, passed on to the backoffice unchanged.
 */
public class DeadLetterRejectedException extends RuntimeException {

    private final int status;

    public DeadLetterRejectedException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
