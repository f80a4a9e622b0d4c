package io.concertsale.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The broker's Micrometer meters: events accepted, delivered, retried, dead-lettered and lost, and the deliveries
 * under way. Per-Trigger counters carry the Trigger's name as the {@code trigger} tag.
 */
public final class BrokerMetrics {

    public static final String ACCEPTED = "broker.events.accepted";
    public static final String UNROUTED = "broker.events.unrouted";
    public static final String DELIVERED = "broker.deliveries.delivered";
    public static final String RETRIED = "broker.deliveries.retried";
    public static final String DEAD_LETTERED = "broker.deliveries.dead.lettered";
    public static final String LOST = "broker.events.lost";
    public static final String PENDING = "broker.deliveries.pending";
    public static final String REJECTED = "broker.events.rejected";
    public static final String DEAD_LETTERS_RECEIVED = "broker.dead.letters.received";
    public static final String DEAD_LETTERS_KEPT = "broker.dead.letters.kept";
    public static final String LOG_EVENTS = "broker.log.pending.events";
    public static final String LOG_SEGMENTS = "broker.log.segments";
    public static final String LOG_BYTES = "broker.log.bytes";
    public static final String STREAM_CLIENTS = "broker.stream.clients";
    public static final String STREAM_MISSED = "broker.stream.missed";

    private final MeterRegistry registry;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes the number of deliveries under way (sending or waiting to retry). */
    public void pending(Supplier<Number> pending) {
        Gauge.builder(PENDING, pending).description("Deliveries sending or waiting to retry").register(registry);
    }

    /** Publishes how many dead letters wait for an operator. */
    public void deadLetters(Supplier<Number> kept) {
        Gauge.builder(DEAD_LETTERS_KEPT, kept).description("Dead letters kept until replayed or discarded")
                .register(registry);
    }

    /** Publishes the size of the delivery log: events with deliveries to make, segment files, bytes on disk. */
    public void deliveryLog(Supplier<Number> events, Supplier<Number> segments, Supplier<Number> bytes) {
        Gauge.builder(LOG_EVENTS, events).description("Events in the delivery log with deliveries still to make")
                .register(registry);
        Gauge.builder(LOG_SEGMENTS, segments).description("Segment files of the delivery log").register(registry);
        Gauge.builder(LOG_BYTES, bytes).description("Bytes of the delivery log on disk").baseUnit("bytes")
                .register(registry);
    }

    /** Publishes the number of live event stream clients and the events slow ones missed. */
    public void streams(Supplier<Number> clients, Supplier<Number> missed) {
        Gauge.builder(STREAM_CLIENTS, clients).description("Clients of the live event stream").register(registry);
        FunctionCounter.builder(STREAM_MISSED, missed, supplier -> supplier.get().doubleValue())
                .description("Events that slow stream clients missed").register(registry);
    }

    /** @param origin {@code ingress} or {@code reply} */
    public void accepted(String origin) {
        counter(ACCEPTED, "Events accepted", "origin", origin).increment();
    }

    /** An event no Trigger matched. */
    public void unrouted() {
        counter(UNROUTED, "Accepted events that no Trigger matched").increment();
    }

    /** @param reason why ingress turned it away: {@code overloaded}, {@code unauthorized}, {@code forbidden} ... */
    public void rejected(String reason) {
        counter(REJECTED, "Events turned away by ingress: overloaded, log unavailable, unauthorized or forbidden",
                "reason", reason).increment();
    }

    public void delivered(String trigger) {
        counter(DELIVERED, "Events a subscriber took", "trigger", trigger).increment();
    }

    public void retried(String trigger) {
        counter(RETRIED, "Delivery retries", "trigger", trigger).increment();
    }

    public void deadLettered(String trigger) {
        counter(DEAD_LETTERED, "Events a dead letter sink took after every try failed", "trigger", trigger)
                .increment();
    }

    /**
     * @param reason {@code no-dead-letter-sink}, {@code dead-letter-sink-failed}, {@code trigger-removed},
     *        {@code ttl-exceeded}, {@code invalid-reply} or {@code error}
     */
    public void lost(String trigger, String reason) {
        counter(LOST, "Events neither delivered nor dead-lettered (each is logged at ERROR)", "trigger", trigger,
                "reason", reason).increment();
    }

    public void deadLetterReceived() {
        counter(DEAD_LETTERS_RECEIVED, "Events posted to this broker's dead letter endpoint").increment();
    }

    /** The counter of that name and tags, registered on first use and looked up in a map after (a hot path). */
    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(new CounterKey(name, List.of(tags)),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private record CounterKey(String name, List<String> tags) {
    }
}
