package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.SaleEvents;

/**
 * A validated incoming event with its data read into the catalog's record.
 *
 * @param event the CloudEvent as received
 * @param data its data
 */
public record IncomingEvent<T>(CloudEvent event, T data) {

    public String id() {
        return event.getId();
    }

    public String type() {
        return event.getType();
    }

    /** The customer's session id carried by the {@code correlationkey} extension, or null for a broadcast. */
    public String correlationKey() {
        return SaleEvents.correlationKey(event).orElse(null);
    }
}
