package io.concertsale.eventkit.ingress;

import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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

    /**
     * What must hold before an event of a type is handled, checked on the request's thread before the transaction
     * (so it may ask another service without holding a database connection). It runs for every delivery,
     * redeliveries included.
     */
    @FunctionalInterface
    public interface Check<T> {

        /**
         * @throws io.concertsale.events.InvalidEventException to refuse the event for good (400, nothing changes)
         * @throws RuntimeException of any other kind when it cannot tell now: the delivery fails (5xx, or the
         *         status of a {@link io.concertsale.eventkit.http.CloudEventServlet.ProblemException}) and is retried
         */
        void check(IncomingEvent<T> event);
    }

    /**
     * One subscribed type.
     *
     * @param check what must hold before an event is handled, or null
     * @param factTime when the data says the fact happened (a time the service compares to decide what is newer),
     *        or null: like the event's {@code time}, it may not be ahead of the service's clock by more than the
     *        allowed skew
     */
    public record Subscription<T>(EventDefinition definition, Class<T> dataType, EventHandler<T> handler,
            Check<T> check, Function<T, Instant> factTime) {

        public Subscription(EventDefinition definition, Class<T> dataType, EventHandler<T> handler) {
            this(definition, dataType, handler, null, null);
        }

        Instant factTime(IncomingEvent<?> event) {
            if (factTime == null || event.data() == null) {
                return null;
            }
            return factTime.apply(dataType.cast(event.data()));
        }

        void check(IncomingEvent<?> event) {
            if (check != null) {
                @SuppressWarnings("unchecked")
                IncomingEvent<T> typed = (IncomingEvent<T>) event;
                check.check(typed);
            }
        }

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
            return on(type, dataType, null, handler);
        }

        /**
         * A type whose data carries the time of the fact, which the service compares to tell what is newer (an
         * admission setting, an inventory snapshot, a sale's opening): an event whose fact time is ahead of the
         * service's clock by more than the allowed skew is refused as the event's own {@code time} would be, so a
         * fact dated in the future cannot stay the newest for good.
         */
        public <T> Builder onDated(String type, Class<T> dataType, Function<T, Instant> factTime,
                EventHandler<T> handler) {
            add(type, dataType, null, factTime, handler);
            return this;
        }

        /** A type whose events are handled only once {@code check} passed ({@link Check}). */
        public <T> Builder on(String type, Class<T> dataType, Check<T> check, EventHandler<T> handler) {
            add(type, dataType, check, null, handler);
            return this;
        }

        private <T> void add(String type, Class<T> dataType, Check<T> check, Function<T, Instant> factTime,
                EventHandler<T> handler) {
            EventDefinition definition = EventCatalog.get(type);
            if (!definition.dataType().equals(dataType)) {
                throw new IllegalArgumentException(type + " carries " + definition.dataType().getSimpleName()
                        + ", not " + dataType.getSimpleName());
            }
            if (subscriptions.putIfAbsent(type, new Subscription<>(definition, dataType, handler, check, factTime)) != null) {
                throw new IllegalArgumentException("Subscribed twice to " + type);
            }
        }

        public EventSubscriptions build() {
            return new EventSubscriptions(subscriptions);
        }
    }
}
