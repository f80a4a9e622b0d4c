package io.concertsale.loadtest.hop;

import java.time.Duration;

/**
 * How the client drives one measurement; the same for the floor, the hop and the client's ceiling.
 *
 * @param concurrency keep-alive HTTP/1.1 connections kept busy at once
 * @param warmup how long the client sends before it measures: the JIT compilers of every JVM involved warm up (a
 *        fresh launcher takes about a minute of load on two cores to reach its steady rate)
 * @param duration how long it sends while it measures
 * @param maxBacklog the hop only: events the broker accepted that the gateway has not yet handled, above which the
 *        client waits before it sends more (the broker answers 202 before it delivers, so without a bound it would
 *        take events far faster than they are handled and queue them without end)
 * @param authorization the {@code Authorization} header every request carries (the broker's ingress needs the token
 *        of the events' producer), or {@code null}; the floor's requests carry it too, so that both send the same bytes
 */
public record HopSettings(int concurrency, Duration warmup, Duration duration, int maxBacklog, String authorization) {

    public static final HopSettings DEFAULTS = new HopSettings(64, Duration.ofSeconds(60), Duration.ofSeconds(20), 1024);

    public HopSettings(int concurrency, Duration warmup, Duration duration, int maxBacklog) {
        this(concurrency, warmup, duration, maxBacklog, null);
    }

    public HopSettings {
        if (concurrency < 1 || maxBacklog < 1) {
            throw new IllegalArgumentException("--concurrency and --max-backlog must be at least 1");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--warmup-seconds must not be negative, --duration-seconds must be positive");
        }
    }
}
