package io.concertsale.broker.trigger;

import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Triggers of the served broker, loaded from the manifests and changed at runtime. Routing reads an immutable
 * snapshot, indexed by the filtered type, so that ingress never waits for a change.
 */
public final class TriggerRegistry {

    private final String broker;
    private final DeliverySpec brokerDelivery;
    private final Object changes = new Object();
    private volatile Routing routing;

    /**
     * @param broker the served broker's name; Triggers for other brokers are refused
     * @param brokerDelivery the Broker's delivery spec, used for Triggers without their own
     */
    public TriggerRegistry(String broker, DeliverySpec brokerDelivery, Collection<Trigger> triggers) {
        this.broker = broker;
        this.brokerDelivery = brokerDelivery == null ? DeliverySpec.NONE : brokerDelivery;
        Map<String, Trigger> byName = new TreeMap<>();
        for (Trigger trigger : triggers) {
            checkBroker(trigger);
            Trigger previous = byName.put(trigger.name(), trigger);
            if (previous != null) {
                throw new InvalidTriggerException("Two Triggers are named '" + trigger.name() + "': in "
                        + previous.origin() + " and in " + trigger.origin());
            }
        }
        this.routing = new Routing(byName);
    }

    /** Every Trigger, by name. */
    public List<Trigger> all() {
        return List.copyOf(routing.byName.values());
    }

    public Optional<Trigger> find(String name) {
        return Optional.ofNullable(routing.byName.get(name));
    }

    /** The Triggers whose filter the event passes. */
    public List<Trigger> matching(CloudEvent event) {
        Routing current = routing;
        List<Trigger> result = new ArrayList<>();
        for (Trigger trigger : current.byType.getOrDefault(event.getType(), List.of())) {
            if (trigger.matches(event)) {
                result.add(trigger);
            }
        }
        for (Trigger trigger : current.anyType) {
            if (trigger.matches(event)) {
                result.add(trigger);
            }
        }
        return result;
    }

    /** The delivery spec that applies to a Trigger: its own, else the Broker's. */
    public DeliverySpec deliveryOf(Trigger trigger) {
        return trigger.delivery() != null ? trigger.delivery() : brokerDelivery;
    }

    /**
     * Adds or replaces a Trigger.
     *
     * @return true when it is new, false when it replaced one of the same name
     */
    public boolean put(Trigger trigger) {
        checkBroker(trigger);
        synchronized (changes) {
            Map<String, Trigger> byName = new TreeMap<>(routing.byName);
            boolean created = byName.put(trigger.name(), trigger) == null;
            routing = new Routing(byName);
            return created;
        }
    }

    /** Removes a Trigger; deliveries already under way finish. */
    public void remove(String name) {
        synchronized (changes) {
            Map<String, Trigger> byName = new TreeMap<>(routing.byName);
            if (byName.remove(name) == null) {
                throw new UnknownTriggerException(name);
            }
            routing = new Routing(byName);
        }
    }

    private void checkBroker(Trigger trigger) {
        if (!trigger.broker().equals(broker)) {
            throw new InvalidTriggerException("Trigger '" + trigger.name() + "' subscribes to broker '"
                    + trigger.broker() + "'; this broker is '" + broker + "'");
        }
    }

    /** An immutable routing table. */
    private static final class Routing {

        final Map<String, Trigger> byName;
        final Map<String, List<Trigger>> byType = new HashMap<>();
        final List<Trigger> anyType = new ArrayList<>();

        Routing(Map<String, Trigger> byName) {
            this.byName = byName;
            for (Trigger trigger : byName.values()) {
                String type = trigger.filteredType();
                if (type == null) {
                    anyType.add(trigger);
                } else {
                    byType.computeIfAbsent(type, key -> new ArrayList<>()).add(trigger);
                }
            }
        }
    }
}
