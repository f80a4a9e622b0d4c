package io.concertsale.broker.trigger.web;

import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.concertsale.broker.trigger.UnresolvableDestinationException;
import java.util.Map;

/**
 * A loaded Trigger with its destinations resolved as they would be now.
 *
 * @param delivery the delivery spec that applies, the Trigger's own or the Broker's
 * @param origin the manifest it came from, or {@code api}
 */
record TriggerView(String name, String broker, Map<String, String> filter, DestinationView subscriber,
        DeliveryView delivery, String origin) {

    static TriggerView of(Trigger trigger, TriggerRegistry registry, Subscribers subscribers) {
        DeliverySpec spec = registry.deliveryOf(trigger);
        DeliveryView delivery = new DeliveryView(spec.retry(), spec.backoffPolicy().name().toLowerCase(),
                spec.backoffDelay().toString(),
                spec.deadLetterSink() == null ? null : DestinationView.of(spec.deadLetterSink(), subscribers),
                spec.format().name().toLowerCase(), trigger.delivery() == null ? "broker" : "trigger");
        return new TriggerView(trigger.name(), trigger.broker(), trigger.filter(),
                DestinationView.of(trigger.subscriber(), subscribers), delivery, trigger.origin());
    }

    /**
     * @param audience the OIDC audience its deliveries carry a token for, null when none
     * @param resolved the URL it resolves to now, null when it does not
     * @param problem why it does not resolve
     */
    record DestinationView(Destination.Ref ref, String uri, String audience, String resolved, String problem) {

        static DestinationView of(Destination destination, Subscribers subscribers) {
            String uri = destination.uri() == null ? null : destination.uri().toString();
            try {
                return new DestinationView(destination.ref(), uri, destination.audience(),
                        subscribers.resolve(destination).toString(), null);
            } catch (UnresolvableDestinationException e) {
                return new DestinationView(destination.ref(), uri, destination.audience(), null, e.getMessage());
            }
        }
    }

    /** @param from {@code trigger} when the Trigger sets it, {@code broker} when the Broker's applies */
    record DeliveryView(int retry, String backoffPolicy, String backoffDelay, DestinationView deadLetterSink,
            String format, String from) {
    }
}
