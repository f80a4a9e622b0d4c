package io.concertsale.broker.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.EventFormat;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.UnresolvableDestinationException;
import io.concertsale.events.InvalidEventException;
import io.concertsale.eventkit.sink.HttpEventSink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to Trigger subscribers as Knative does: asynchronously (one virtual thread per delivery, a
 * bounded number of HTTP requests at once to each subscriber, so a slow one never holds up the others; no ordering), retrying no response, 404, 408, 409, 429 and 5xx with the
 * Trigger's backoff, then sending the event to the dead letter sink with Knative's {@code knativeerror*}
 * extensions. An event that neither arrives nor reaches a dead letter sink is logged at ERROR with all its
 * attributes and counted as lost: never dropped silently.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Knative's limit on the failed response body copied into {@code knativeerrordata}. */
    private static final int ERROR_DATA_LIMIT = 1024;
    private static final int LOGGED_DATA_LIMIT = 4096;

    private final DeliveryClient client;
    private final Subscribers subscribers;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final int maxConcurrentRequests;
    private final Map<String, Semaphore> requests = new ConcurrentHashMap<>();
    private final int maxPending;
    private final Duration shutdownGrace;
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());

    /**
     * @param maxConcurrentRequests HTTP requests in flight at once to one subscriber (scheme, host and port)
     * @param maxPending deliveries under way above which {@link #overloaded()} says so
     * @param shutdownGrace how long {@link #close()} waits for deliveries under way
     */
    public Dispatcher(DeliveryClient client, Subscribers subscribers, BrokerMetrics metrics, Clock clock,
            int maxConcurrentRequests, int maxPending, Duration shutdownGrace) {
        this.client = client;
        this.subscribers = subscribers;
        this.metrics = metrics;
        this.clock = clock;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxPending = maxPending;
        this.shutdownGrace = shutdownGrace;
        metrics.pending(pending::get);
    }

    /** Deliveries sending or waiting to retry. */
    public int pending() {
        return pending.get();
    }

    /** Whether so many deliveries are under way that ingress should ask senders to come back later. */
    public boolean overloaded() {
        return pending.get() >= maxPending;
    }

    /**
     * Starts delivering an event to a Trigger's subscriber and returns at once.
     *
     * @param spec the delivery spec that applies to the Trigger
     * @param record where the outcome is recorded
     * @param replies takes the event a subscriber replies with
     */
    public void dispatch(CloudEvent event, Trigger trigger, DeliverySpec spec, DeliveryRecord record,
            Consumer<CloudEvent> replies) {
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    deliver(event, trigger, spec, record, replies);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            lost(event, trigger, record, "shutdown", "the broker is shutting down");
        }
    }

    private void deliver(CloudEvent event, Trigger trigger, DeliverySpec spec, DeliveryRecord record,
            Consumer<CloudEvent> replies) {
        Optional<CloudEvent> reply;
        try {
            Attempt last = sendWithRetries(trigger.subscriber(), event, spec, trigger.name(), record);
            if (!last.successful()) {
                deadLetter(event, trigger, spec, record, last);
                return;
            }
            reply = reply(event, trigger, last);
            record.delivered(reply.map(CloudEvent::getId).orElse(null), clock.instant());
            metrics.delivered(trigger.name());
            log.debug("Delivered {} {} to {} ({})", event.getType(), event.getId(), last.target(), trigger.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lost(event, trigger, record, "shutdown", "the broker stopped before the delivery finished");
            return;
        } catch (RuntimeException e) {
            lost(event, trigger, record, "error", "delivery failed unexpectedly: " + e);
            log.error("Delivery of {} to {} failed unexpectedly", event.getId(), trigger.name(), e);
            return;
        }
        reply.ifPresent(answer -> {
            try {
                replies.accept(answer);
            } catch (RuntimeException e) {
                metrics.lost(trigger.name(), "error");
                log.error("LOST reply of Trigger {} to event {}: {}. Attributes: {}", trigger.name(), event.getId(), e,
                        EventAttributes.of(answer), e);
            }
        });
    }

    private Optional<CloudEvent> reply(CloudEvent event, Trigger trigger, Attempt attempt) {
        try {
            return attempt.response().reply();
        } catch (InvalidEventException e) {
            metrics.lost(trigger.name(), "invalid-reply");
            log.error("The subscriber of {} at {} took event {} but replied with an invalid CloudEvent, which is"
                    + " dropped: {}; reply body: {}", trigger.name(), attempt.target(), event.getId(), e.getMessage(),
                    abbreviate(new String(attempt.response().body(), StandardCharsets.UTF_8), LOGGED_DATA_LIMIT));
            return Optional.empty();
        }
    }

    private void deadLetter(CloudEvent event, Trigger trigger, DeliverySpec spec, DeliveryRecord record, Attempt failed)
            throws InterruptedException {
        Destination sink = spec.deadLetterSink();
        if (sink == null) {
            lost(event, trigger, record, "no-dead-letter-sink", "no dead letter sink configured; last failure: "
                    + failed.error());
            return;
        }
        Attempt last = sendWithRetries(sink, withErrorExtensions(event, failed), spec, trigger.name(), null);
        if (last.successful()) {
            record.deadLettered(last.target(), clock.instant());
            metrics.deadLettered(trigger.name());
            log.warn("Dead-lettered {} {} of {} to {} after: {}", event.getType(), event.getId(), trigger.name(),
                    last.target(), failed.error());
        } else {
            lost(event, trigger, record, "dead-letter-sink-failed", "the dead letter sink " + sink.describe()
                    + " failed (" + last.error() + ") after the subscriber failed (" + failed.error() + ")");
        }
    }

    private Attempt sendWithRetries(Destination destination, CloudEvent event, DeliverySpec spec, String trigger,
            DeliveryRecord record) throws InterruptedException {
        for (int retry = 0; ; retry++) {
            if (retry > 0) {
                metrics.retried(trigger);
                Thread.sleep(spec.backoff(retry));
            }
            Attempt attempt = attempt(destination, event, spec.format());
            if (record != null) {
                record.attempted(attempt.target(), attempt.statusCode(), attempt.successful() ? null : attempt.error(),
                        clock.instant());
            }
            if (attempt.successful() || !attempt.retryable() || retry >= spec.retry()) {
                return attempt;
            }
            log.debug("Try {} of {} to {} failed, retrying: {}", retry + 1, spec.retry() + 1, trigger, attempt.error());
        }
    }

    private Attempt attempt(Destination destination, CloudEvent event, EventFormat format) throws InterruptedException {
        URI target;
        try {
            target = subscribers.resolve(destination);
        } catch (UnresolvableDestinationException e) {
            return new Attempt(null, destination.describe(), null, e.getMessage(), true);
        }
        // per subscriber: a subscriber that answers slowly (a router waiting for its engine) must not take the
        // permits the others need
        Semaphore permits = requests.computeIfAbsent(target.getScheme() + "://" + target.getAuthority(),
                subscriber -> new Semaphore(maxConcurrentRequests));
        permits.acquire();
        try {
            DeliveryClient.Response response = client.post(target, event, format);
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
        } finally {
            permits.release();
        }
    }

    private static CloudEvent withErrorExtensions(CloudEvent event, Attempt failed) {
        CloudEventBuilder letter = CloudEventBuilder.from(event).withExtension("knativeerrordest", failed.destination());
        if (failed.response() != null) {
            letter.withExtension("knativeerrorcode", failed.statusCode());
            byte[] body = failed.response().body();
            if (body.length > 0) {
                letter.withExtension("knativeerrordata", Base64.getEncoder().encodeToString(
                        Arrays.copyOf(body, Math.min(body.length, ERROR_DATA_LIMIT))));
            }
        }
        return letter.build();
    }

    private void lost(CloudEvent event, Trigger trigger, DeliveryRecord record, String reason, String detail) {
        record.lost(detail, clock.instant());
        metrics.lost(trigger.name(), reason);
        log.error("LOST event for Trigger {} ({}): {}. Attributes: {}. Data: {}", trigger.name(), reason, detail,
                EventAttributes.of(event), EventAttributes.dataText(event, LOGGED_DATA_LIMIT));
    }

    private static String abbreviate(String text, int limit) {
        return text.length() > limit ? text.substring(0, limit) + "..." : text;
    }

    /**
     * Stops taking deliveries, waits up to the grace period for those under way, then stops them; each one stopped
     * is logged as lost.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} deliveries still under way after {}; stopping them", pending.get(), shutdownGrace);
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            client.close();
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
}
