package io.concertsale.broker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The local broker's settings ({@code broker.*}).
 *
 * @param namespace the namespace of the broker served at {@code POST /{namespace}/{name}}
 * @param name the broker's name; only Triggers whose {@code spec.broker} is this name apply
 * @param triggersLocation where the Trigger manifests are (Spring resource patterns, {@code classpath*:} or {@code file:})
 * @param subscribers the address of each {@code ref} name a Trigger may point at: an absolute URL, or a path on this
 *        broker (such as {@code /dead-letters})
 * @param storage where the delivery log and the dead letters are kept on disk
 * @param delivery how events are delivered to subscribers
 * @param eventLog the in-memory log of recent events and its live stream
 * @param deadLetters the store behind {@code POST /dead-letters}
 * @param identity sender identity: the broker's OIDC issuer, the tokens of deliveries, the ingress's EventPolicies
 */
@ConfigurationProperties("broker")
public record BrokerProperties(
        @DefaultValue("default") String namespace,
        @DefaultValue("default") String name,
        @DefaultValue("classpath*:knative/*.yaml") List<String> triggersLocation,
        Map<String, URI> subscribers,
        @DefaultValue Storage storage,
        @DefaultValue Delivery delivery,
        @DefaultValue EventLog eventLog,
        @DefaultValue DeadLetters deadLetters,
        @DefaultValue Identity identity) {

    public BrokerProperties {
        subscribers = subscribers == null ? Map.of() : Map.copyOf(subscribers);
    }

    /**
     * @param directory the folder of the delivery log ({@code segment-*.log}) and the dead letters
     *        ({@code dead-letters.log}); the broker's own folder under the data folder by default
     * @param segmentSize how large a log segment grows before the next starts; finished segments are deleted
     * @param fsync force every write to the device before answering (survives a power cut, not only a crash of the
     *        process, at the cost of a disk flush per group of writes)
     */
    public record Storage(
            Path directory,
            @DefaultValue("64MB") DataSize segmentSize,
            @DefaultValue("false") boolean fsync) {
    }

    /**
     * @param requestTimeout how long one delivery attempt may take, from connecting to the end of the response
     * @param connectTimeout how long to wait for a connection to a subscriber
     * @param maxConcurrentRequests HTTP requests in flight at once to each subscriber (scheme, host and port), so that
     *        a slow subscriber cannot hold up deliveries to the others
     * @param maxPending deliveries (sending, or waiting to retry) above which ingress answers 429 so that senders
     *        back off instead of the broker running out of memory
     * @param shutdownGrace how long a stopping broker waits for requests in flight; every delivery not finished
     *        resumes at the next start
     * @param resumeOnStart resume the deliveries an earlier run left unfinished as soon as the broker is ready;
     *        the local launcher turns this off and resumes them once every subscriber is up: until then the broker
     *        accepts events into its delivery log (202) but delivers nothing
     */
    public record Delivery(
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("256") int maxConcurrentRequests,
            @DefaultValue("200000") int maxPending,
            @DefaultValue("10s") Duration shutdownGrace,
            @DefaultValue("true") boolean resumeOnStart) {
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

    /** @param size how many dead letters are kept until replayed or discarded; a full store drops the oldest */
    public record DeadLetters(@DefaultValue("10000") int size) {
    }

    /**
     * Sender identity, as Knative Eventing's {@code authentication-oidc} and EventPolicies have it.
     *
     * @param issuer the issuer the broker names in its tokens ({@code iss}) and serves its keys under; by default its
     *        own base URL, {@code http://<server.address or localhost>:<port>}
     * @param namespace the namespace identities and audiences name ({@code system:serviceaccount:<namespace>:...},
     *        {@code eventing.knative.dev/broker/<namespace>/<name>}); the sale's namespace in a cluster
     * @param tokenLifetime how long a token the broker issues is valid
     * @param clockSkew how far a token's times may be off at the ingress
     * @param defaultAuthorizationMode who may send when no EventPolicy applies to the broker
     * @param keyFile a JWK file (RSA private key) to sign with, kept across restarts so that tokens issued before stay
     *        valid: read when it exists, created otherwise; none: a new key in memory at every start
     */
    public record Identity(
            String issuer,
            @DefaultValue("concert-sale") String namespace,
            @DefaultValue("1h") Duration tokenLifetime,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("allow-same-namespace") AuthorizationMode defaultAuthorizationMode,
            Path keyFile) {
    }

    /** Knative's {@code default-authorization-mode}. */
    public enum AuthorizationMode {
        /** Any authenticated sender. */
        ALLOW_ALL,
        /** Nobody. */
        DENY_ALL,
        /** Senders whose subject is a service account of the namespace. */
        ALLOW_SAME_NAMESPACE
    }
}
