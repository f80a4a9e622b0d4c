package io.concertsale.eventkit.ingress;

import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The event types a service consumes and the handler of each. Types must be in the event catalog. */
public final class EventSubscriptions {

    private final Map<String, Subscription<?>> subscriptions;

    private EventSubscriptions(Map<String, Subscription<?>> subscriptions) {
        this.subscriptions = Map.copyOf(subscriptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Subscription<?>> find(String type) {
        return Optional.ofNullable(subscriptions.get(type));
    }

    public Set<String> types() {
        return subscriptions.keySet();
    }

    /** One subscribed type. */
    public record Subscription<T>(EventDefinition definition, Class<T> dataType, EventHandler<T> handler) {

        void handle(IncomingEvent<?> event) {
            @SuppressWarnings("unchecked")
            IncomingEvent<T> typed = (IncomingEvent<T>) event;
            handler.handle(typed);
        }
    }

    public static final class Builder {

        private final Map<String, Subscription<?>> subscriptions = new LinkedHashMap<>();

        private Builder() {
        }

        public <T> Builder on(String type, Class<T> dataType, EventHandler<T> handler) {
            EventDefinition definition = EventCatalog.get(type);
            if (!definition.dataType().equals(dataType)) {
                throw new IllegalArgumentException(type + " carries " + definition.dataType().getSimpleName()
                        + ", not " + dataType.getSimpleName());
            }
            if (subscriptions.putIfAbsent(type, new Subscription<>(definition, dataType, handler)) != null) {
                throw new IllegalArgumentException("Subscribed twice to " + type);
            }
            return this;
        }

        public EventSubscriptions build() {
            return new EventSubscriptions(subscriptions);
        }
    }
}
