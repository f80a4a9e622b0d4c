package io.concertsale.broker.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.delivery.Delivery;
import io.concertsale.broker.delivery.Dispatcher;
import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.eventlog.LoggedEvent;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.store.EventStore;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker: takes an event, writes it to the delivery log with the Triggers it matches, records it in the event
 * log and starts one delivery per matching Trigger. It checks only that the event is a CloudEvent (the ingress
 * adapter does), never its type or data: a broker is generic. Replies of subscribers come back in here as new
 * events, at most {@link #TTL} hops deep.
 *
 * <p>A broker that holds its deliveries until {@link #resume()} (the local launcher's, while the services start)
 * accepts events as always, into the delivery log, but starts no delivery before {@code resume()}: then the
 * deliveries an earlier run left unfinished start first, and those of the events accepted meanwhile after them.
 */
public final class Broker {

    /** Knative's broker TTL: how many reply hops an event may cause before the chain is cut. */
    public static final int TTL = 255;

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final String namespace;
    private final String name;
    private final TriggerRegistry triggers;
    private final EventLog eventLog;
    private final EventStore store;
    private final Dispatcher dispatcher;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final boolean holdUntilResumed;
    /** Events accepted before {@link #resume()} while the broker holds its deliveries; guarded by this. */
    private final List<Held> held = new ArrayList<>();
    private volatile int heldDeliveries;
    private volatile boolean resumed;

    /**
     * @param holdUntilResumed start no delivery before {@link #resume()}; false: deliver every accepted event at once
     */
    public Broker(String namespace, String name, TriggerRegistry triggers, EventLog eventLog, EventStore store,
            Dispatcher dispatcher, BrokerMetrics metrics, Clock clock, boolean holdUntilResumed) {
        this.namespace = namespace;
        this.name = name;
        this.triggers = triggers;
        this.eventLog = eventLog;
        this.store = store;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.clock = clock;
        this.holdUntilResumed = holdUntilResumed;
    }

    /** {@code namespace/name}. */
    public String address() {
        return namespace + "/" + name;
    }

    public boolean serves(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }

    /**
     * Takes an event from a sender: once this returns, the event is in the delivery log and will reach every
     * Trigger it matches, across restarts of the broker (when the broker holds its deliveries, once it resumes).
     *
     * @throws BrokerOverloadedException when too many deliveries are under way; nothing was taken
     * @throws io.concertsale.broker.store.StoreException when the delivery log could not take it; nothing was taken
     */
    public LoggedEvent accept(CloudEvent event) {
        int waiting = heldDeliveries;
        if (dispatcher.overloaded(waiting)) {
            metrics.rejected("overloaded");
            throw new BrokerOverloadedException(dispatcher.pending() + waiting);
        }
        LoggedEvent logged = ingest(event, null, TTL, triggers.matching(event));
        metrics.accepted("ingress");
        return logged;
    }

    /** Counts a request the ingress refused before taking its event ({@code unauthorized}, {@code forbidden}). */
    public void refused(String reason) {
        metrics.rejected(reason);
    }

    /**
     * Sends an event again to some Triggers only (a dead letter replayed to the Trigger it failed for).
     *
     * @return the event as logged again
     */
    public LoggedEvent redeliver(CloudEvent event, List<Trigger> to) {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("A redelivery needs a Trigger");
        }
        LoggedEvent logged = ingest(event, null, TTL, to);
        metrics.accepted("replay");
        return logged;
    }

    /**
     * Starts the deliveries that an earlier run of the broker left unfinished, once: with the tries they had used,
     * to the Triggers that still exist (a Trigger removed meanwhile no longer gets them, as in Knative). A broker that
     * holds its deliveries then starts those of the events it accepted since it started, in the order it took them,
     * and delivers every later event at once.
     *
     * @return how many deliveries an earlier run left unfinished resumed
     */
    public synchronized int resume() {
        if (resumed) {
            return 0;
        }
        resumed = true;
        int resumedDeliveries = 0;
        for (EventStore.StoredEvent stored : store.recovered()) {
            List<Trigger> targets = new ArrayList<>();
            List<Integer> attempts = new ArrayList<>();
            for (Map.Entry<String, Integer> pending : stored.pending().entrySet()) {
                Optional<Trigger> trigger = triggers.find(pending.getKey());
                if (trigger.isEmpty()) {
                    log.warn("Event {} {} was to go to Trigger {}, which no longer exists; dropped as Knative does",
                            stored.event().getType(), stored.event().getId(), pending.getKey());
                    metrics.lost(pending.getKey(), "trigger-removed");
                    store.done(stored.seq(), pending.getKey());
                } else {
                    targets.add(trigger.get());
                    attempts.add(pending.getValue());
                }
            }
            if (!targets.isEmpty()) {
                LoggedEvent logged = eventLog.append(stored.event(), null, stored.ttl(),
                        targets.stream().map(Trigger::name).toList(), stored.receivedAt());
                dispatch(stored.seq(), logged, targets, attempts);
                resumedDeliveries += targets.size();
            }
        }
        if (resumedDeliveries > 0) {
            log.info("Resumed {} deliveries of {} events accepted before the broker last stopped", resumedDeliveries,
                    store.recovered().size());
        }
        for (Held event : held) {
            dispatch(event.seq(), event.logged(), event.targets(), null);
        }
        if (!held.isEmpty()) {
            log.info("Started {} deliveries of {} events accepted while the broker held its deliveries",
                    heldDeliveries, held.size());
        }
        held.clear();
        heldDeliveries = 0;
        return resumedDeliveries;
    }

    private void reply(LoggedEvent original, String trigger, CloudEvent reply) {
        if (original.ttl() <= 1) {
            metrics.lost(trigger, "ttl-exceeded");
            log.error("LOST reply of Trigger {} to event {}: the reply chain is {} hops deep, a loop? Attributes: {}",
                    trigger, original.event().getId(), TTL, EventAttributes.of(reply));
            return;
        }
        ingest(reply, new LoggedEvent.ReplyTo(trigger, original.event().getId()), original.ttl() - 1,
                triggers.matching(reply));
        metrics.accepted("reply");
    }

    private LoggedEvent ingest(CloudEvent event, LoggedEvent.ReplyTo replyTo, int ttl, List<Trigger> matching) {
        Instant now = clock.instant();
        List<String> names = matching.stream().map(Trigger::name).toList();
        long seq = matching.isEmpty() ? 0 : store.append(event, names, now, ttl);
        LoggedEvent logged = eventLog.append(event, replyTo, ttl, names, now);
        if (matching.isEmpty()) {
            metrics.unrouted();
            log.debug("No Trigger matches {} {}", event.getType(), event.getId());
        }
        if (!hold(seq, logged, matching)) {
            dispatch(seq, logged, matching, null);
        }
        return logged;
    }

    /** Keeps the event's deliveries for {@link #resume()} if the broker holds them and has not resumed yet. */
    private boolean hold(long seq, LoggedEvent logged, List<Trigger> targets) {
        if (!holdUntilResumed || resumed || targets.isEmpty()) {
            return false;
        }
        synchronized (this) {
            if (resumed) {
                return false;
            }
            held.add(new Held(seq, logged, targets));
            heldDeliveries += targets.size();
            return true;
        }
    }

    private void dispatch(long seq, LoggedEvent logged, List<Trigger> targets, List<Integer> attempts) {
        for (int i = 0; i < targets.size(); i++) {
            Trigger trigger = targets.get(i);
            DeliveryRecord record = logged.deliveries().get(i);
            dispatcher.dispatch(new Delivery(seq, logged.event(), trigger.name(), trigger.subscriber(),
                    triggers.deliveryOf(trigger), record, attempts == null ? 0 : attempts.get(i),
                    reply -> reply(logged, trigger.name(), reply)));
        }
    }

    /** An accepted event whose deliveries wait for {@link #resume()}. */
    private record Held(long seq, LoggedEvent logged, List<Trigger> targets) {
    }
}
