package io.concertsale.eventkit.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service sends and receives events ({@code sale.events.*}).
 *
 * @param source the CloudEvent source of everything this service emits
 * @param sink where to send events: the broker's address, {@code K_SINK} in Knative
 * @param ingressPath the path where Triggers deliver
 * @param sinkAttempts tries per send before the outbox takes over
 * @param sinkBackoff wait before the second try of a send; doubles after
 * @param sinkTimeout connect and response timeout of one send
 * @param outbox how the outbox relay runs
 * @param deduplicationRetention how long processed event ids are remembered
 * @param ingressBatch how events that arrive at the same time share transactions
 * @param maxClockSkew how far ahead of the service's clock an incoming event's {@code time} may be; a later one is
 *        refused ({@code event-from-the-future})
 */
@ConfigurationProperties("sale.events")
public record EventsProperties(
        URI source,
        URI sink,
        @DefaultValue("/events") String ingressPath,
        @DefaultValue("3") int sinkAttempts,
        @DefaultValue("100ms") Duration sinkBackoff,
        @DefaultValue("10s") Duration sinkTimeout,
        @DefaultValue Outbox outbox,
        @DefaultValue("7d") Duration deduplicationRetention,
        @DefaultValue IngressBatch ingressBatch,
        @DefaultValue("60s") Duration maxClockSkew) {

    /**
     * Group commit at the ingress: the events waiting to be handled are handled together in one transaction, so a
     * storm of deliveries pays one commit per batch.
     *
     * @param size the most events handled in one transaction (1: every event in its own)
     * @param committers how many batches run at once, each on its own database connection
     */
    public record IngressBatch(
            @DefaultValue("100") int size,
            @DefaultValue("2") int committers) {
    }

    /**
     * @param pollInterval how often the relay sweeps the whole outbox for what its lanes left behind (retries that
     *        came due, events committed after a later one was read)
     * @param batchSize the most events read from one lane (event type) at a time
     * @param parallelism events sent at once, shared out among the lanes with events waiting
     * @param maxBackoff longest wait between tries of one event
     */
    public record Outbox(
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("64") int parallelism,
            @DefaultValue("30s") Duration maxBackoff) {
    }
}
