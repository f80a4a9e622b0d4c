package io.concertsale.loadtest.hop;

import io.concertsale.eventkit.ingress.EventIngress;
import io.concertsale.eventkit.ingress.ReceivedEvents;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three measurements of the hop benchmark, with one client ({@link LoadGenerator}) and one request
 * ({@link HopRequest}) for all, so they compare. Each warms up, then measures one window; a rate is always what
 * completed divided by the time from the window's first send to its last completion.
 */
public final class HopMeasurements {

    /** How long the HANDLED count may stand still before the events still missing are given up on. */
    static final Duration DRAIN_QUIET = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(HopMeasurements.class);
    private static final String DUPLICATE = EventIngress.Outcome.DUPLICATE.name();

    private HopMeasurements() {
    }

    /**
     * Requests answered per second by a server (the floor): the window's 202 answers divided by the time from its
     * first send to its last answer.
     */
    public static RequestRun requests(URI target, HopSettings settings) throws IOException {
        LoadGenerator load = new LoadGenerator(target, HopRequest.to(target, settings.authorization()),
                settings.concurrency());
        log.info("{}: warming up for {} s with {} connections", target, settings.warmup().toSeconds(),
                settings.concurrency());
        load.run(settings.warmup(), LoadGenerator.Gate.OPEN);
        log.info("{}: measuring for {} s", target, settings.duration().toSeconds());
        LoadGenerator.Batch window = load.run(settings.duration(), LoadGenerator.Gate.OPEN);
        double seconds = window.elapsed().toNanos() / 1e9;
        return new RequestRun(window.sent(), window.accepted(), window.errors(), window.errorKinds(), seconds,
                window.accepted() == 0 ? 0 : window.accepted() / seconds, cpuMicrosPerRequest(window));
    }

    /** The client's ceiling: {@link #requests} against a trivial server in this JVM. */
    public static RequestRun ceiling(HopSettings settings) throws IOException, InterruptedException {
        try (CeilingServer server = new CeilingServer()) {
            return requests(server.uri(), settings);
        }
    }

    /**
     * One hop: events posted to the broker's ingress and handled, committed, by the gateway.
     *
     * <ol>
     * <li>Warm up: send for the warm-up time, then wait until the gateway handled every event the broker accepted,
     * so that the window starts with an empty pipeline and its count holds only its own events.</li>
     * <li>Measure: read the HANDLED count (the baseline), send for the window's time (held back by the
     * {@link Backlog}), then wait until the count reached baseline + accepted, or stopped rising for
     * {@link #DRAIN_QUIET}.</li>
     * <li>The rate: the count's rise divided by the time from the window's first send to the answer of the read
     * that saw its last rise.</li>
     * </ol>
     *
     * @param ingress the broker's ingress ({@code http://localhost:8090/default/default})
     * @param gateway the frontend-gateway, whose actuator counts the handled events
     * @param adminPassword the gateway's admin password (its actuator needs it)
     */
    public static HopRun hop(URI ingress, URI gateway, String adminPassword, HopSettings settings)
            throws IOException, InterruptedException {
        LoadGenerator load = new LoadGenerator(ingress, HopRequest.to(ingress, settings.authorization()),
                settings.concurrency());
        try (HandledEvents handled = new HandledEvents(gateway, adminPassword)) {
            log.info("{}: warming up for {} s with {} connections", ingress, settings.warmup().toSeconds(),
                    settings.concurrency());
            long start = handled.latest().count();
            LoadGenerator.Batch warmup = load.run(settings.warmup(), new Backlog(settings.maxBacklog(), handled));
            drain(handled, start, warmup, "warm-up");

            long baseline = handled.latest().count();
            long duplicates = handled.count(DUPLICATE);
            long rejected = handled.count(ReceivedEvents.REJECTED) + handled.otherRejected();
            log.info("{}: measuring for {} s", ingress, settings.duration().toSeconds());
            LoadGenerator.Batch window = load.run(settings.duration(), new Backlog(settings.maxBacklog(), handled));
            HandledEvents.LastRise last = drain(handled, baseline, window, "window");

            long counted = Math.max(0, last.rise().count() - baseline);
            double seconds = counted == 0 ? 0 : (last.rise().answeredNanos() - window.firstSendNanos()) / 1e9;
            long duplicatesSince = handled.count(DUPLICATE) - duplicates;
            long rejectedSince = handled.count(ReceivedEvents.REJECTED) + handled.otherRejected() - rejected;
            return new HopRun(warmup.accepted(), window.sent(), window.accepted(), window.errors(),
                    window.errorKinds(), counted, duplicatesSince, rejectedSince, window.accepted() - counted, seconds,
                    (last.rise().answeredNanos() - last.before().sentNanos()) / 1e6,
                    counted == 0 ? 0 : counted / seconds, cpuMicrosPerRequest(window));
        }
    }

    private static double cpuMicrosPerRequest(LoadGenerator.Batch batch) {
        return batch.sent() == 0 ? 0 : batch.clientCpuNanos() / 1e3 / batch.sent();
    }

    private static HandledEvents.LastRise drain(HandledEvents handled, long from, LoadGenerator.Batch batch,
            String phase) throws InterruptedException {
        long expected = from + batch.accepted();
        log.info("{}: {} events accepted ({} errors), waiting until the gateway handled them", phase, batch.accepted(),
                batch.errors());
        HandledEvents.LastRise last = handled.awaitCount(expected, DRAIN_QUIET);
        if (handled.latest().count() < expected) {
            log.warn("{}: {} accepted events were not handled after the count stood still for {} s", phase,
                    expected - handled.latest().count(), DRAIN_QUIET.toSeconds());
        }
        return last;
    }
}
