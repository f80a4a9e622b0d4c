package io.concertsale.broker.delivery;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import java.util.function.Consumer;

/**
 * One event on its way to one Trigger's subscriber, then, if every try failed, to the Trigger's dead letter sink.
 * Only one thread works on a delivery at a time (the dispatcher hands it from queue to request to retry timer).
 */
public final class Delivery {

    private final long seq;
    private final CloudEvent event;
    private final String trigger;
    private final Destination subscriber;
    private final DeliverySpec spec;
    private final DeliveryRecord record;
    private final Consumer<CloudEvent> replies;
    private int attempts;
    private boolean deadLettering;
    private String failedDestination;
    private DeliveryClient.Response failedResponse;
    private String failure;

    /**
     * @param seq the event's number in the broker's log
     * @param attempts tries already used (after a restart, those of the run before)
     * @param record where the outcome shows in the event log
     * @param replies takes the event a subscriber replies with
     */
    public Delivery(long seq, CloudEvent event, String trigger, Destination subscriber, DeliverySpec spec,
            DeliveryRecord record, int attempts, Consumer<CloudEvent> replies) {
        this.seq = seq;
        this.event = event;
        this.trigger = trigger;
        this.subscriber = subscriber;
        this.spec = spec;
        this.record = record;
        this.attempts = attempts;
        this.replies = replies;
    }

    public long seq() {
        return seq;
    }

    public CloudEvent event() {
        return event;
    }

    public String trigger() {
        return trigger;
    }

    DeliverySpec spec() {
        return spec;
    }

    DeliveryRecord record() {
        return record;
    }

    Consumer<CloudEvent> replies() {
        return replies;
    }

    /** Where the next try goes: the subscriber, or the dead letter sink once the subscriber failed for good. */
    Destination destination() {
        return deadLettering ? spec.deadLetterSink() : subscriber;
    }

    int attempts() {
        return attempts;
    }

    void tried() {
        attempts++;
    }

    /** Whether the spec allows another try at the current destination. */
    boolean retriesLeft() {
        return attempts <= spec.retry();
    }

    boolean deadLettering() {
        return deadLettering;
    }

    /** Every try at the subscriber failed: the tries start over for the dead letter sink. */
    void toDeadLetterSink(String destination, DeliveryClient.Response response, String error) {
        deadLettering = true;
        failedDestination = destination;
        failedResponse = response;
        failure = error;
        attempts = 0;
    }

    String failedDestination() {
        return failedDestination;
    }

    DeliveryClient.Response failedResponse() {
        return failedResponse;
    }

    String failure() {
        return failure;
    }
}
