package io.concertsale.broker.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.delivery.Dispatcher;
import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.eventlog.LoggedEvent;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker: takes an event, records it in the event log and starts one delivery per matching Trigger. It checks
 * only that the event is a CloudEvent (the ingress adapter does), never its type or data: a broker is generic.
 * Replies of subscribers come back in here as new events, at most {@link #TTL} hops deep.
 */
public final class Broker {

    /** Knative's broker TTL: how many reply hops an event may cause before the chain is cut. */
    public static final int TTL = 255;

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final String namespace;
    private final String name;
    private final TriggerRegistry triggers;
    private final EventLog eventLog;
    private final Dispatcher dispatcher;
    private final BrokerMetrics metrics;
    private final Clock clock;

    public Broker(String namespace, String name, TriggerRegistry triggers, EventLog eventLog, Dispatcher dispatcher,
            BrokerMetrics metrics, Clock clock) {
        this.namespace = namespace;
        this.name = name;
        this.triggers = triggers;
        this.eventLog = eventLog;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** {@code namespace/name}. */
    public String address() {
        return namespace + "/" + name;
    }

    public boolean serves(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }

    /**
     * Takes an event from a sender.
     *
     * @throws BrokerOverloadedException when too many deliveries are under way; nothing was taken
     */
    public LoggedEvent accept(CloudEvent event) {
        if (dispatcher.overloaded()) {
            metrics.rejected("overloaded");
            throw new BrokerOverloadedException(dispatcher.pending());
        }
        metrics.accepted("ingress");
        return ingest(event, null, TTL);
    }

    private void reply(LoggedEvent original, String trigger, CloudEvent reply) {
        if (original.ttl() <= 1) {
            metrics.lost(trigger, "ttl-exceeded");
            log.error("LOST reply of Trigger {} to event {}: the reply chain is {} hops deep, a loop? Attributes: {}",
                    trigger, original.event().getId(), TTL, EventAttributes.of(reply));
            return;
        }
        metrics.accepted("reply");
        ingest(reply, new LoggedEvent.ReplyTo(trigger, original.event().getId()), original.ttl() - 1);
    }

    private LoggedEvent ingest(CloudEvent event, LoggedEvent.ReplyTo replyTo, int ttl) {
        List<Trigger> matching = triggers.matching(event);
        LoggedEvent logged = eventLog.append(event, replyTo, ttl, matching.stream().map(Trigger::name).toList(),
                clock.instant());
        if (matching.isEmpty()) {
            metrics.unrouted();
            log.debug("No Trigger matches {} {}", event.getType(), event.getId());
        }
        for (int i = 0; i < matching.size(); i++) {
            Trigger trigger = matching.get(i);
            DeliveryRecord record = logged.deliveries().get(i);
            dispatcher.dispatch(event, trigger, triggers.deliveryOf(trigger), record,
                    reply -> reply(logged, trigger.name(), reply));
        }
        return logged;
    }
}
