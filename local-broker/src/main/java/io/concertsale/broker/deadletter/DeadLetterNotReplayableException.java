package io.concertsale.broker.deadletter;

/** A dead letter that cannot be sent again now; it stays until it can be or an operator discards it. */
public class DeadLetterNotReplayableException extends RuntimeException {

    public DeadLetterNotReplayableException(long id, String why) {
        super("Dead letter " + id + " cannot be replayed: " + why);
    }
}
