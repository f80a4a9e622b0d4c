package io.concertsale.broker.eventlog;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;

/**
 * An accepted event with its arrival and its deliveries, one per matching Trigger.
 *
 * @param sequence the event's number in this broker's log, increasing from 1
 * @param replyTo set when the event is a subscriber's reply to another event
 * @param ttl how many more reply hops it may cause (Knative's broker TTL)
 */
public record LoggedEvent(long sequence, Instant receivedAt, CloudEvent event, ReplyTo replyTo, int ttl,
        List<DeliveryRecord> deliveries) {

    public LoggedEvent {
        deliveries = List.copyOf(deliveries);
    }

    /**
     * Where a reply came from.
     *
     * @param trigger the Trigger whose subscriber replied
     * @param eventId the id of the event it replied to
     */
    public record ReplyTo(String trigger, String eventId) {
    }
}
