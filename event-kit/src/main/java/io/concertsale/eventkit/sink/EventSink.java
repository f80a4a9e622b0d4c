package io.concertsale.eventkit.sink;

import io.cloudevents.CloudEvent;

/** Where a service sends the events it emits: the broker's address ({@code K_SINK}). */
public interface EventSink {

    /**
     * Sends the event and returns once the sink accepted it.
     *
     * @throws SinkException when the sink did not accept it after the client's retries
     */
    void send(CloudEvent event);
}
