package io.concertsale.broker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local broker's settings ({@code broker.*}).
 *
 * @param namespace the namespace of the broker served at {@code POST /{namespace}/{name}}
 * @param name the broker's name; only Triggers whose {@code spec.broker} is this name apply
 * @param triggersLocation where the Trigger manifests are (Spring resource patterns, {@code classpath*:} or {@code file:})
 * @param subscribers the address of each {@code ref} name a Trigger may point at: an absolute URL, or a path on this
 *        broker (such as {@code /dead-letters})
 * @param delivery how events are delivered to subscribers
 * @param eventLog the in-memory log of recent events and its live stream
 * @param deadLetters the in-memory store behind {@code POST /dead-letters}
 */
@ConfigurationProperties("broker")
public record BrokerProperties(
        @DefaultValue("default") String namespace,
        @DefaultValue("default") String name,
        @DefaultValue("classpath*:knative/*.yaml") List<String> triggersLocation,
        Map<String, URI> subscribers,
        @DefaultValue Delivery delivery,
        @DefaultValue EventLog eventLog,
        @DefaultValue DeadLetters deadLetters) {

    public BrokerProperties {
        subscribers = subscribers == null ? Map.of() : Map.copyOf(subscribers);
    }

    /**
     * @param requestTimeout how long one delivery attempt may take, from connecting to the end of the response
     * @param connectTimeout how long to wait for a connection to a subscriber
     * @param maxConcurrentRequests HTTP requests in flight at once to each subscriber (scheme, host and port), so that
     *        a slow subscriber cannot hold up deliveries to the others
     * @param maxPending deliveries (sending, or waiting to retry) above which ingress answers 429 so that senders
     *        back off instead of the broker running out of memory
     * @param shutdownGrace how long a stopping broker waits for deliveries in flight; those still pending are logged
     *        as lost
     */
    public record Delivery(
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("256") int maxConcurrentRequests,
            @DefaultValue("50000") int maxPending,
            @DefaultValue("10s") Duration shutdownGrace) {
    }

    /**
     * @param size how many recent events the log keeps
     * @param streamBuffer events buffered per stream subscriber; a subscriber that falls further behind misses
     *        events and is told how many
     * @param streamHeartbeat how often an idle stream sends a comment, to keep proxies open and notice gone clients
     */
    public record EventLog(
            @DefaultValue("10000") int size,
            @DefaultValue("1000") int streamBuffer,
            @DefaultValue("15s") Duration streamHeartbeat) {
    }

    /** @param size how many dead letters {@code GET /api/dead-letters} keeps */
    public record DeadLetters(@DefaultValue("1000") int size) {
    }
}
