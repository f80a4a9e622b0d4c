package io.concertsale.broker.trigger;

/** How an event is written into the delivery request ({@code spec.delivery.format}). */
public enum EventFormat {

    /** Attributes as {@code ce-} headers, data as the body: the default. */
    BINARY,
    /** The whole event as {@code application/cloudevents+json}. */
    JSON
}
