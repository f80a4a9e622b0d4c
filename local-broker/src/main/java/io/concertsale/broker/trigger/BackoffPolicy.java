package io.concertsale.broker.trigger;

import java.time.Duration;

/** How the wait between delivery attempts grows, as Knative defines it. */
public enum BackoffPolicy {

    /** {@code delay × 2^n} before the n-th retry. */
    EXPONENTIAL,
    /** {@code delay × n} before the n-th retry. */
    LINEAR;

    /**
     * The wait before a retry.
     *
     * @param retry the number of the retry, 1 for the first
     */
    public Duration backoff(Duration delay, int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("Retries count from 1: " + retry);
        }
        return switch (this) {
            case EXPONENTIAL -> delay.multipliedBy(1L << Math.min(retry, 30));
            case LINEAR -> delay.multipliedBy(retry);
        };
    }
}
