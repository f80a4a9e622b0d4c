package io.concertsale.router.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The router's Micrometer counters. */
public final class RouterMetrics {

    public static final String EVENTS_RECEIVED = "router.events.received";
    public static final String MESSAGES_PUBLISHED = "router.messages.published";
    public static final String JOBS_COMPLETED = "router.jobs.completed";
    public static final String JOBS_FAILED = "router.jobs.failed";
    public static final String DEPLOYMENTS = "router.deployments";

    /** What became of an event posted to the router: the {@code outcome} tag of {@link #EVENTS_RECEIVED}. */
    public enum Outcome {
        /** published as a message */
        PUBLISHED,
        /** a message with its id was still buffered: acknowledged without effect */
        DUPLICATE,
        /** a reply that completed its job or threw its error (or whose job was already done) */
        REPLY,
        /** the router's own emission, delivered back without a correlation key: acknowledged without effect */
        IGNORED,
        /** refused with 400 */
        INVALID,
        /** the engine was not available: 503, the broker retries */
        UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            received(outcome);
        }
    }

    public void eventReceived(Outcome outcome) {
        received(outcome).increment();
    }

    public void messagePublished() {
        Counter.builder(MESSAGES_PUBLISHED).description("Messages published to the engine").register(registry)
                .increment();
    }

    public void jobCompleted() {
        Counter.builder(JOBS_COMPLETED).description("Jobs completed after their event was emitted or their reply came")
                .register(registry).increment();
    }

    public void jobFailed() {
        Counter.builder(JOBS_FAILED).description("Jobs failed because their event could not be emitted")
                .register(registry).increment();
    }

    public void deployed() {
        Counter.builder(DEPLOYMENTS).description("Deployments made through the router").register(registry)
                .increment();
    }

    private Counter received(Outcome outcome) {
        return Counter.builder(EVENTS_RECEIVED).description("Events posted to the router, by outcome")
                .tag("outcome", outcome.tag()).register(registry);
    }
}
