package io.concertsale.eventkit.outbox;

import io.cloudevents.CloudEvent;

/**
 * Emits events reliably: they are written to the outbox in the caller's transaction and sent to the sink after it
 * commits, retried until the sink takes them. An event whose transaction rolls back is never sent.
 */
public interface EventPublisher {

    void publish(CloudEvent event);
}
