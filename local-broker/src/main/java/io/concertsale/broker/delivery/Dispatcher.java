package io.concertsale.broker.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.UnresolvableDestinationException;
import io.concertsale.events.InvalidEventException;
import io.concertsale.eventkit.sink.HttpEventSink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to Trigger subscribers as Knative does: asynchronously and unordered, retrying no response, 404,
 * 408, 409, 429 and 5xx with the Trigger's backoff, then sending the event to the dead letter sink with Knative's
 * {@code knativeerror*} extensions. An event that neither arrives nor reaches a dead letter sink is logged at ERROR
 * with all its attributes and counted as lost: never dropped silently.
 *
 * <p>Each Trigger has its own queue, as each Kafka broker Trigger has its own consumer: a storm of one event type
 * never holds up another type. Each subscriber (the address a destination names) has a lane with a bounded number
 * of requests in flight, so a slow subscriber holds up nobody else; the lane takes the next delivery from its
 * Triggers' queues in turn (round robin), so every Trigger of a subscriber gets its share of the requests whatever
 * the others have queued. A retry waits out its backoff without holding a request, then goes to the front of its
 * Trigger's queue. Every finished delivery and every failed try is written to the {@link DeliveryLog}, so the
 * deliveries still under way when the broker stops resume at its next start.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Knative's limit on the failed response body copied into {@code knativeerrordata}. */
    private static final int ERROR_DATA_LIMIT = 1024;
    private static final int LOGGED_DATA_LIMIT = 4096;

    private final DeliveryClient client;
    private final Subscribers subscribers;
    private final BrokerMetrics metrics;
    private final DeliveryLog deliveryLog;
    private final Clock clock;
    private final int maxConcurrentRequests;
    private final int maxPending;
    private final Duration shutdownGrace;
    private final Credentials credentials;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService requests =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("delivery-retries").factory());
    private volatile boolean closed;

    /**
     * @param maxConcurrentRequests HTTP requests in flight at once to one subscriber
     * @param maxPending deliveries under way above which {@link #overloaded(int)} says so
     * @param shutdownGrace how long {@link #close()} waits for requests in flight
     */
    public Dispatcher(DeliveryClient client, Subscribers subscribers, BrokerMetrics metrics, DeliveryLog deliveryLog,
            Clock clock, int maxConcurrentRequests, int maxPending, Duration shutdownGrace) {
        this(client, subscribers, metrics, deliveryLog, clock, maxConcurrentRequests, maxPending, shutdownGrace,
                (trigger, audience) -> null);
    }

    /**
     * @param credentials the OIDC token of a Trigger's delivery to a subscriber with an audience
     */
    public Dispatcher(DeliveryClient client, Subscribers subscribers, BrokerMetrics metrics, DeliveryLog deliveryLog,
            Clock clock, int maxConcurrentRequests, int maxPending, Duration shutdownGrace, Credentials credentials) {
        this.credentials = credentials;
        this.client = client;
        this.subscribers = subscribers;
        this.metrics = metrics;
        this.deliveryLog = deliveryLog;
        this.clock = clock;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxPending = maxPending;
        this.shutdownGrace = shutdownGrace;
        metrics.pending(pending::get);
    }

    /** Deliveries queued, sending or waiting to retry. */
    public int pending() {
        return pending.get();
    }

    /**
     * Whether so many deliveries are under way that ingress should ask senders to come back later.
     *
     * @param waiting deliveries accepted but not handed to the dispatcher yet, which count too
     */
    public boolean overloaded(int waiting) {
        return pending.get() + waiting >= maxPending;
    }

    /** Queues a delivery and returns at once. */
    public void dispatch(Delivery delivery) {
        pending.incrementAndGet();
        if (closed) {
            stopped(delivery);
            return;
        }
        enqueue(delivery, false);
    }

    private void enqueue(Delivery delivery, boolean front) {
        Lane lane = lanes.computeIfAbsent(laneKey(delivery.destination()), Lane::new);
        lane.add(delivery, front);
        pump(lane);
    }

    /** Starts as many queued deliveries as the lane has free requests, taking the lane's Triggers in turn. */
    private void pump(Lane lane) {
        while (true) {
            Delivery next = lane.take(maxConcurrentRequests);
            if (next == null) {
                return;
            }
            try {
                requests.execute(() -> attempt(lane, next));
            } catch (RejectedExecutionException e) {
                lane.finished();
                stopped(next);
                return;
            }
        }
    }

    private void attempt(Lane lane, Delivery delivery) {
        Attempt attempt;
        try {
            attempt = send(delivery.destination(), delivery.deadLettering() ? withErrorExtensions(delivery)
                    : delivery.event(), delivery);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.finished();
            stopped(delivery);
            return;
        }
        lane.finished();
        pump(lane);
        try {
            settle(delivery, attempt);
        } catch (RuntimeException e) {
            log.error("Delivery of {} to {} failed unexpectedly", delivery.event().getId(), delivery.trigger(), e);
            lost(delivery, "error", "delivery failed unexpectedly: " + e);
        }
    }

    private void settle(Delivery delivery, Attempt attempt) {
        delivery.tried();
        if (!delivery.deadLettering()) {
            delivery.record().attempted(attempt.target(), attempt.statusCode(),
                    attempt.successful() ? null : attempt.error(), clock.instant());
        }
        if (attempt.successful()) {
            if (delivery.deadLettering()) {
                deadLettered(delivery, attempt);
            } else {
                delivered(delivery, attempt);
            }
            return;
        }
        if (!delivery.deadLettering()) {
            deliveryLog.attempted(delivery.seq(), delivery.trigger(), delivery.attempts());
        }
        if (attempt.retryable() && delivery.retriesLeft()) {
            Duration wait = delivery.spec().backoff(delivery.attempts());
            metrics.retried(delivery.trigger());
            log.debug("Try {} of {} to {} failed, retrying in {}: {}", delivery.attempts(), delivery.spec().retry() + 1,
                    delivery.trigger(), wait, attempt.error());
            retry(delivery, wait);
        } else if (delivery.deadLettering()) {
            lost(delivery, "dead-letter-sink-failed", "the dead letter sink " + delivery.destination().describe()
                    + " failed (" + attempt.error() + ") after the subscriber failed (" + delivery.failure() + ")");
        } else if (delivery.spec().deadLetterSink() == null) {
            lost(delivery, "no-dead-letter-sink", "no dead letter sink configured; last failure: " + attempt.error());
        } else {
            delivery.toDeadLetterSink(attempt.destination(), attempt.response(), attempt.error());
            enqueue(delivery, true);
        }
    }

    private void retry(Delivery delivery, Duration wait) {
        try {
            retries.schedule(() -> {
                if (closed) {
                    stopped(delivery);
                } else {
                    enqueue(delivery, true);
                }
            }, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped(delivery);
        }
    }

    private void delivered(Delivery delivery, Attempt attempt) {
        Optional<CloudEvent> reply = reply(delivery, attempt);
        reply.ifPresent(answer -> {
            try {
                delivery.replies().accept(answer);
            } catch (RuntimeException e) {
                metrics.lost(delivery.trigger(), "error");
                log.error("LOST reply of Trigger {} to event {}: {}. Attributes: {}", delivery.trigger(),
                        delivery.event().getId(), e, EventAttributes.of(answer), e);
            }
        });
        delivery.record().delivered(reply.map(CloudEvent::getId).orElse(null), clock.instant());
        metrics.delivered(delivery.trigger());
        log.debug("Delivered {} {} to {} ({})", delivery.event().getType(), delivery.event().getId(),
                attempt.target(), delivery.trigger());
        finish(delivery);
    }

    private void deadLettered(Delivery delivery, Attempt attempt) {
        delivery.record().deadLettered(attempt.target(), clock.instant());
        metrics.deadLettered(delivery.trigger());
        log.warn("Dead-lettered {} {} of {} to {} after: {}", delivery.event().getType(), delivery.event().getId(),
                delivery.trigger(), attempt.target(), delivery.failure());
        finish(delivery);
    }

    private void lost(Delivery delivery, String reason, String detail) {
        delivery.record().lost(detail, clock.instant());
        metrics.lost(delivery.trigger(), reason);
        log.error("LOST event for Trigger {} ({}): {}. Attributes: {}. Data: {}", delivery.trigger(), reason, detail,
                EventAttributes.of(delivery.event()), EventAttributes.dataText(delivery.event(), LOGGED_DATA_LIMIT));
        finish(delivery);
    }

    private void finish(Delivery delivery) {
        deliveryLog.done(delivery.seq(), delivery.trigger());
        pending.decrementAndGet();
    }

    /** The broker stops before this delivery finished: it stays in the log and resumes at the next start. */
    private void stopped(Delivery delivery) {
        pending.decrementAndGet();
    }

    private Optional<CloudEvent> reply(Delivery delivery, Attempt attempt) {
        try {
            return attempt.response().reply();
        } catch (InvalidEventException e) {
            metrics.lost(delivery.trigger(), "invalid-reply");
            log.error("The subscriber of {} at {} took event {} but replied with an invalid CloudEvent, which is"
                    + " dropped: {}; reply body: {}", delivery.trigger(), attempt.target(), delivery.event().getId(),
                    e.getMessage(), abbreviate(new String(attempt.response().body(), StandardCharsets.UTF_8),
                            LOGGED_DATA_LIMIT));
            return Optional.empty();
        }
    }

    private Attempt send(Destination destination, CloudEvent event, Delivery delivery) throws InterruptedException {
        URI target;
        try {
            target = subscribers.resolve(destination);
        } catch (UnresolvableDestinationException e) {
            return new Attempt(null, destination.describe(), null, e.getMessage(), true);
        }
        String token = null;
        if (!delivery.deadLettering() && destination.audience() != null) {
            try {
                token = credentials.token(delivery.trigger(), destination.audience());
            } catch (RuntimeException e) {
                return new Attempt(target, target.toString(), null, "no token for " + target + ": " + e.getMessage(),
                        true);
            }
        }
        try {
            DeliveryClient.Response response = client.post(target, event, delivery.spec().format(), token);
            String error = response.successful() ? null : "HTTP " + response.statusCode() + " from " + target
                    + abbreviate(": " + new String(response.body(), StandardCharsets.UTF_8), 300);
            return new Attempt(target, target.toString(), response, error,
                    HttpEventSink.retryable(response.statusCode()));
        } catch (IOException e) {
            return new Attempt(target, target.toString(), null, "no response from " + target + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.toString()), true);
        } catch (IllegalArgumentException e) {
            return new Attempt(target, target.toString(), null, "cannot send to " + target + ": " + e.getMessage(),
                    false);
        }
    }

    private static CloudEvent withErrorExtensions(Delivery delivery) {
        CloudEventBuilder letter = CloudEventBuilder.from(delivery.event())
                .withExtension("knativeerrordest", delivery.failedDestination());
        DeliveryClient.Response response = delivery.failedResponse();
        if (response != null) {
            letter.withExtension("knativeerrorcode", response.statusCode());
            byte[] body = response.body();
            if (body.length > 0) {
                letter.withExtension("knativeerrordata", Base64.getEncoder().encodeToString(
                        Arrays.copyOf(body, Math.min(body.length, ERROR_DATA_LIMIT))));
            }
        }
        return letter.build();
    }

    /** A subscriber's lane: by the addressable a ref names, or by the scheme, host and port of a URI. */
    private static String laneKey(Destination destination) {
        if (destination.ref() != null) {
            return destination.ref().kind() + "/" + destination.ref().name();
        }
        URI uri = destination.uri();
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String abbreviate(String text, int limit) {
        return text.length() > limit ? text.substring(0, limit) + "..." : text;
    }

    /**
     * Stops taking deliveries and waits up to the grace period for the requests in flight. Queued deliveries and
     * those waiting to retry are left as they are: the delivery log has them, and they resume at the next start.
     */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        requests.shutdown();
        try {
            if (!requests.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Requests still in flight after {}; stopping them", shutdownGrace);
                requests.shutdownNow();
                requests.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            requests.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
        if (pending.get() > 0) {
            log.info("{} deliveries were still under way; they resume when the broker starts again", pending.get());
        }
    }

    /**
     * The deliveries to one subscriber: a queue per Trigger, taken in turn, and the requests in flight. Thread-safe.
     */
    private static final class Lane {

        private final Map<String, ArrayDeque<Delivery>> queues = new HashMap<>();
        private final ArrayDeque<String> turns = new ArrayDeque<>();
        private int inFlight;

        Lane(String key) {
        }

        synchronized void add(Delivery delivery, boolean front) {
            ArrayDeque<Delivery> queue = queues.computeIfAbsent(delivery.trigger(), trigger -> new ArrayDeque<>());
            if (queue.isEmpty()) {
                turns.addLast(delivery.trigger());
            }
            if (front) {
                queue.addFirst(delivery);
            } else {
                queue.addLast(delivery);
            }
        }

        /** The next delivery to send, counted as in flight; null when none is queued or the lane is full. */
        synchronized Delivery take(int limit) {
            if (inFlight >= limit || turns.isEmpty()) {
                return null;
            }
            String trigger = turns.pollFirst();
            ArrayDeque<Delivery> queue = queues.get(trigger);
            Delivery next = queue.pollFirst();
            if (queue.isEmpty()) {
                queues.remove(trigger);
            } else {
                turns.addLast(trigger);
            }
            inFlight++;
            return next;
        }

        synchronized void finished() {
            inFlight--;
        }
    }

    /**
     * One try.
     *
     * @param target the resolved URL, null when the destination could not be resolved
     * @param destination the URL or, when unresolved, the destination's description
     * @param response the answer, null when none came
     */
    private record Attempt(URI target, String destination, DeliveryClient.Response response, String error,
            boolean retryable) {

        boolean successful() {
            return response != null && response.successful();
        }

        int statusCode() {
            return response == null ? 0 : response.statusCode();
        }
    }

    /** The OIDC token of a Trigger's deliveries to a subscriber of an audience (Knative's Trigger identity). */
    @FunctionalInterface
    public interface Credentials {

        /** The token, or {@code null} for none. */
        String token(String trigger, String audience);
    }
}
