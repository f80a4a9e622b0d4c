package io.concertsale.router.trigger;

import java.util.Collection;
import java.util.List;

/** Makes the broker route events to the router: creates or replaces Triggers, never deletes any. */
public interface TriggerManager {

    /**
     * Ensures one Trigger per message name, and the replies Trigger when asked. Idempotent.
     *
     * @param messageNames the event types deployed models wait for
     * @param replies whether a deployed model has a task that waits for a reply
     * @return the names of the Triggers ensured, in order
     * @throws TriggerException when a Trigger could not be made; those before it were
     */
    List<String> ensure(Collection<String> messageNames, boolean replies);

    /** What it manages, for logs: {@code none}, the broker URL, the namespace. */
    String describe();
}
