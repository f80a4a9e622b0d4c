package io.concertsale.router.trigger;

import java.util.List;

/** A Trigger could not be created or replaced. */
public class TriggerException extends RuntimeException {

    private final List<String> ensured;

    /** @param ensured the Triggers that were made before the failure */
    public TriggerException(String message, List<String> ensured, Throwable cause) {
        super(message, cause);
        this.ensured = List.copyOf(ensured);
    }

    public List<String> ensured() {
        return ensured;
    }
}
