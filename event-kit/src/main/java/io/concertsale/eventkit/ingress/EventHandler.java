package io.concertsale.eventkit.ingress;

/**
 * Handles one event type. Runs inside the transaction that records the event as processed, so its effect and
 * the deduplication record commit together; events it publishes through the outbox commit with them too.
 * A thrown exception rolls everything back and answers 5xx so the broker redelivers.
 */
@FunctionalInterface
public interface EventHandler<T> {

    void handle(IncomingEvent<T> event);
}
