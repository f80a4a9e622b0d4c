package io.concertsale.eventkit.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the events the ingress received, by type and outcome: {@value #METER}{@code {type, outcome}}.
 *
 * <ul>
 * <li>{@code HANDLED}, {@code DUPLICATE}: counted once the event's transaction has committed, never before and never
 * for a rollback, so the count says how many effects (and deduplication records) are durable.</li>
 * <li>{@code REJECTED}: answered 400 (the event can never be handled here).</li>
 * </ul>
 *
 * <p>Every meter is registered once, at start: one per type the service consumes and outcome, and
 * {@code type=other} for rejected requests of a type it does not consume or that are no readable CloudEvent (so a
 * sender cannot create meters at will). Counting an event is one map lookup and one increment.
 */
public final class ReceivedEvents {

    /** The counter's name. */
    public static final String METER = "sale.events.received";
    /** The {@code type} tag of rejected requests of a type the service does not consume, or no type at all. */
    public static final String OTHER_TYPE = "other";
    /** The {@code outcome} tag of a rejected event; the others are {@link EventIngress.Outcome}'s names. */
    public static final String REJECTED = "REJECTED";

    /** The distribution of how many events shared one transaction ({@link io.concertsale.eventkit.jdbc.GroupCommit}). */
    public static final String BATCH_METER = "sale.events.ingress.batch.size";

    private final Map<String, Counters> byType;
    private final Counter otherRejected;
    private final DistributionSummary batchSizes;

    /**
     * @param types the types the service consumes
     */
    public ReceivedEvents(MeterRegistry registry, Set<String> types) {
        Map<String, Counters> counters = new HashMap<>();
        for (String type : types) {
            counters.put(type, new Counters(counter(registry, type, EventIngress.Outcome.HANDLED.name()),
                    counter(registry, type, EventIngress.Outcome.DUPLICATE.name()), counter(registry, type, REJECTED)));
        }
        this.byType = Map.copyOf(counters);
        this.otherRejected = counter(registry, OTHER_TYPE, REJECTED);
        this.batchSizes = DistributionSummary.builder(BATCH_METER)
                .description("Events handled in one transaction at the ingress (group commit)")
                .register(registry);
    }

    /** Events that shared one transaction. */
    void batch(int size) {
        batchSizes.record(size);
    }

    private static Counter counter(MeterRegistry registry, String type, String outcome) {
        return Counter.builder(METER)
                .description("CloudEvents received at the ingress, by type and outcome; HANDLED and DUPLICATE count "
                        + "after their transaction committed")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Counts a handled or duplicate event once the current transaction commits; call it inside that transaction.
     */
    void countAfterCommit(String type, EventIngress.Outcome outcome) {
        Counters counters = byType.get(type);
        if (counters == null) {
            throw new IllegalArgumentException("Not a consumed type: " + type);
        }
        Counter counter = outcome == EventIngress.Outcome.HANDLED ? counters.handled() : counters.duplicate();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }

    /**
     * Counts a rejected event.
     *
     * @param type its type, null when the request was no readable CloudEvent
     */
    void rejected(String type) {
        Counters counters = type == null ? null : byType.get(type);
        (counters == null ? otherRejected : counters.rejected()).increment();
    }

    private record Counters(Counter handled, Counter duplicate, Counter rejected) {
    }
}
