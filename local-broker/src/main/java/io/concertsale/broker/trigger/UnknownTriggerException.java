package io.concertsale.broker.trigger;

/** No Trigger of that name is loaded. */
public class UnknownTriggerException extends RuntimeException {

    public UnknownTriggerException(String name) {
        super("No Trigger named '" + name + "'");
    }
}
