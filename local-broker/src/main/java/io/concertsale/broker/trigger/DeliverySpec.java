package io.concertsale.broker.trigger;

import java.time.Duration;
import java.util.Objects;

/**
 * A Trigger's or the Broker's {@code spec.delivery}.
 *
 * @param retry how many times a failed delivery is retried (0: tried once)
 * @param backoffPolicy how the wait between tries grows
 * @param backoffDelay the base wait
 * @param deadLetterSink where an event goes when every try failed, or null
 * @param format how the event is written into the request
 */
public record DeliverySpec(int retry, BackoffPolicy backoffPolicy, Duration backoffDelay, Destination deadLetterSink,
        EventFormat format) {

    /** The wait used when a delivery spec sets retries but no {@code backoffDelay}. */
    public static final Duration DEFAULT_BACKOFF_DELAY = Duration.ofMillis(200);

    /** What applies when neither the Trigger nor the Broker says anything: one try, no dead letter sink. */
    public static final DeliverySpec NONE = new DeliverySpec(0, BackoffPolicy.EXPONENTIAL, DEFAULT_BACKOFF_DELAY, null,
            EventFormat.BINARY);

    public DeliverySpec {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        Objects.requireNonNull(backoffPolicy, "backoffPolicy");
        Objects.requireNonNull(backoffDelay, "backoffDelay");
        Objects.requireNonNull(format, "format");
        if (backoffDelay.isNegative()) {
            throw new IllegalArgumentException("backoffDelay must not be negative: " + backoffDelay);
        }
    }

    /** The wait before a retry, 1 for the first. */
    public Duration backoff(int retry) {
        return backoffPolicy.backoff(backoffDelay, retry);
    }
}
