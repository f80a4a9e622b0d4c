package io.concertsale.broker.deadletter;

/** No dead letter has this number (it never existed, or it was replayed or discarded). */
public class UnknownDeadLetterException extends RuntimeException {

    public UnknownDeadLetterException(long id) {
        super("No dead letter " + id + " here: it was replayed or discarded, or never existed");
    }
}
