package io.concertsale.broker.config;

import io.concertsale.broker.deadletter.DeadLetterReplay;
import io.concertsale.broker.deadletter.DeadLetters;
import io.concertsale.broker.delivery.DeliveryClient;
import io.concertsale.broker.delivery.Dispatcher;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.identity.DeliveryTokens;
import io.concertsale.broker.identity.EventPolicy;
import io.concertsale.broker.identity.EventPolicyManifests;
import io.concertsale.broker.identity.IngressGuard;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.broker.ingress.web.BrokerIngressServlet;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.store.DeadLetterFile;
import io.concertsale.broker.store.EventStore;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.InvalidTriggerException;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerChanges;
import io.concertsale.broker.trigger.TriggerManifests;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.concertsale.eventkit.http.DirectEndpointFilter;
import io.concertsale.eventkit.http.UnobservedPaths;
import io.concertsale.eventkit.identity.SenderVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * Wires the broker: Triggers and EventPolicies from the manifests, subscriber addresses, sender identity, delivery,
 * the event log, dead letters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

    @Bean
    Subscribers subscribers(BrokerProperties properties) {
        return new Subscribers(properties.subscribers());
    }

    @Bean
    TriggerChanges triggerChanges(BrokerProperties properties) {
        return new TriggerChanges(storageDirectory(properties).resolve("triggers"));
    }

    /**
     * Reads the Triggers of the served broker from the manifests, then applies the changes made through the API
     * before the last stop; any invalid manifest stops the start.
     */
    @Bean
    TriggerRegistry triggerRegistry(BrokerProperties properties, ResourceLoader resourceLoader,
            TriggerChanges changes) {
        ResourcePatternResolver resolver = ResourcePatternUtils.getResourcePatternResolver(resourceLoader);
        List<Trigger> triggers = new ArrayList<>();
        DeliverySpec brokerDelivery = null;
        for (Resource resource : manifests(resolver, properties.triggersLocation())) {
            TriggerManifests.Manifests manifests = TriggerManifests.parse(read(resource), origin(resource));
            for (Trigger trigger : manifests.triggers()) {
                if (applies(trigger, properties)) {
                    triggers.add(trigger);
                } else {
                    log.info("Skipping Trigger {} of broker {} in {}: this broker is {}/{}", trigger.name(),
                            trigger.broker(), trigger.origin(), properties.namespace(), properties.name());
                }
            }
            for (TriggerManifests.BrokerManifest broker : manifests.brokers()) {
                if (broker.name().equals(properties.name()) && broker.delivery() != null) {
                    brokerDelivery = broker.delivery();
                }
            }
        }
        if (triggers.isEmpty()) {
            log.warn("No Triggers for broker {} at {}: events are accepted but go nowhere until Triggers are put",
                    properties.name(), properties.triggersLocation());
        } else {
            log.info("Loaded {} Triggers for broker {}/{} from {}", triggers.size(), properties.namespace(),
                    properties.name(), properties.triggersLocation());
        }
        TriggerRegistry registry = new TriggerRegistry(properties.name(), brokerDelivery, triggers);
        changes.applyTo(registry);
        return registry;
    }

    @Bean
    BrokerMetrics brokerMetrics(MeterRegistry registry) {
        return new BrokerMetrics(registry);
    }

    /** The delivery log on disk, read back at start: what an earlier run accepted and did not finish resumes. */
    @Bean
    EventStore eventStore(BrokerProperties properties, BrokerMetrics metrics) {
        BrokerProperties.Storage storage = properties.storage();
        EventStore store = EventStore.open(new EventStore.Settings(storageDirectory(properties),
                storage.segmentSize().toBytes(), storage.fsync()));
        metrics.deliveryLog(store::pendingEvents, store::segments, store::bytes);
        return store;
    }

    /**
     * The broker as OIDC issuer: a new RSA key at every start, or the one of {@code broker.identity.key-file}; the
     * issuer is configured or, once the broker listens, its own base URL.
     */
    @Bean
    TokenIssuer tokenIssuer(BrokerProperties properties, Clock clock) {
        BrokerProperties.Identity identity = properties.identity();
        var key = identity.keyFile() == null ? TokenIssuer.generateKey() : TokenIssuer.keyFile(identity.keyFile());
        String issuer = identity.issuer() == null || identity.issuer().isBlank() ? null : identity.issuer();
        return new TokenIssuer(key, issuer, identity.namespace(), properties.name(), identity.tokenLifetime(), clock);
    }

    @Bean
    DeliveryTokens deliveryTokens(TokenIssuer issuer, Clock clock) {
        return new DeliveryTokens(issuer, clock);
    }

    /** Who may send what: the token checks and the EventPolicies of the manifests that apply to this broker. */
    @Bean
    IngressGuard ingressGuard(BrokerProperties properties, TokenIssuer issuer, Clock clock,
            ResourceLoader resourceLoader) {
        BrokerProperties.Identity identity = properties.identity();
        ResourcePatternResolver resolver = ResourcePatternUtils.getResourcePatternResolver(resourceLoader);
        List<EventPolicy> policies = new ArrayList<>();
        for (Resource resource : manifests(resolver, properties.triggersLocation())) {
            policies.addAll(EventPolicyManifests.parse(read(resource), origin(resource), identity.namespace()));
        }
        SenderVerifier verifier = new SenderVerifier(issuer.ingressDecoder(clock, identity.clockSkew()), List.of(),
                clock);
        IngressGuard guard = new IngressGuard(verifier, policies, properties.name(), identity.namespace(),
                identity.defaultAuthorizationMode());
        if (guard.policies().isEmpty()) {
            log.info("No EventPolicy applies to broker {}: authenticated senders are let in by the default"
                    + " authorization mode {}", properties.name(), identity.defaultAuthorizationMode());
        } else {
            log.info("{} EventPolicies apply to broker {}: {}", guard.policies().size(), properties.name(),
                    guard.policies().stream().map(EventPolicy::name).toList());
        }
        return guard;
    }

    @Bean
    Dispatcher dispatcher(BrokerProperties properties, Subscribers subscribers, BrokerMetrics metrics,
            EventStore store, Clock clock, DeliveryTokens tokens) {
        BrokerProperties.Delivery delivery = properties.delivery();
        return new Dispatcher(new DeliveryClient(delivery.connectTimeout(), delivery.requestTimeout()), subscribers,
                metrics, store, clock, delivery.maxConcurrentRequests(), delivery.maxPending(),
                delivery.shutdownGrace(), tokens::forTrigger);
    }

    @Bean
    EventLog eventLog(BrokerProperties properties, BrokerMetrics metrics) {
        BrokerProperties.EventLog settings = properties.eventLog();
        EventLog eventLog = new EventLog(settings.size(), settings.streamBuffer(), settings.streamHeartbeat());
        metrics.streams(eventLog::streams, eventLog::missed);
        return eventLog;
    }

    @Bean
    DeadLetters deadLetters(BrokerProperties properties, Clock clock, BrokerMetrics metrics) {
        DeadLetterFile file = DeadLetterFile.open(storageDirectory(properties).resolve("dead-letters.log"),
                properties.storage().fsync());
        return new DeadLetters(properties.deadLetters().size(), clock, metrics, file);
    }

    @Bean
    Broker broker(BrokerProperties properties, TriggerRegistry triggers, EventLog eventLog, EventStore store,
            Dispatcher dispatcher, BrokerMetrics metrics, Clock clock) {
        return new Broker(properties.namespace(), properties.name(), triggers, eventLog, store, dispatcher, metrics,
                clock, !properties.delivery().resumeOnStart());
    }

    /** The broker's ingress: a servlet of its own at exactly {@code /{namespace}/{name}}. */
    @Bean
    ServletRegistrationBean<BrokerIngressServlet> brokerIngressServlet(Broker broker, IngressGuard guard) {
        ServletRegistrationBean<BrokerIngressServlet> registration = new ServletRegistrationBean<>(
                new BrokerIngressServlet(broker, guard), BrokerIngressServlet.path(broker));
        registration.setName("brokerIngress");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Events go straight to the ingress, past the filters they do not need ({@link DirectEndpointFilter}). */
    @Bean
    FilterRegistrationBean<DirectEndpointFilter> brokerIngressDirect(
            ServletRegistrationBean<BrokerIngressServlet> brokerIngressServlet) {
        return DirectEndpointFilter.registration("brokerIngressDirect", brokerIngressServlet);
    }

    /** Every event's first hop is counted by the broker's meters ({@code broker.events.accepted}), not observed. */
    @Bean
    UnobservedPaths brokerIngressUnobserved(Broker broker) {
        return new UnobservedPaths(Set.of(BrokerIngressServlet.path(broker)));
    }

    @Bean
    DeadLetterReplay deadLetterReplay(DeadLetters deadLetters, Broker broker, TriggerRegistry triggers,
            Subscribers subscribers) {
        return new DeadLetterReplay(deadLetters, broker, triggers, subscribers);
    }

    /**
     * Resumes what an earlier run left unfinished once the broker serves, unless whoever runs it does so later (and
     * until then the broker holds every delivery).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> resumeDeliveries(BrokerProperties properties, Broker broker) {
        return event -> {
            if (properties.delivery().resumeOnStart()) {
                broker.resume();
            }
        };
    }

    /** Once the web server listens, addresses given as paths (such as {@code /dead-letters}) resolve to it. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> brokerSelfAddress(Subscribers subscribers,
            BrokerProperties properties, TokenIssuer issuer, @Value("${server.address:}") String address) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                int port = event.getWebServer().getPort();
                subscribers.self(URI.create("http://localhost:" + port));
                String configured = properties.identity().issuer();
                if (configured == null || configured.isBlank()) {
                    issuer.issuer("http://" + host(address) + ":" + port);
                }
            }
        };
    }

    /** The host of the broker's own URL: the address it listens on, or localhost when it listens on every one. */
    private static String host(String address) {
        if (address == null || address.isBlank()) {
            return "localhost";
        }
        try {
            InetAddress inet = InetAddress.getByName(address);
            if (inet.isAnyLocalAddress()) {
                return "localhost";
            }
            return inet instanceof Inet6Address && !address.startsWith("[") ? "[" + address + "]" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static Path storageDirectory(BrokerProperties properties) {
        if (properties.storage().directory() == null) {
            throw new IllegalStateException("Set broker.storage.directory: the broker keeps its deliveries on disk");
        }
        return properties.storage().directory();
    }

    private static boolean applies(Trigger trigger, BrokerProperties properties) {
        return trigger.broker().equals(properties.name())
                && (trigger.namespace() == null || trigger.namespace().equals(properties.namespace()));
    }

    /** The manifest files, in apply order (by file name) within each location. */
    private static List<Resource> manifests(ResourcePatternResolver resolver, List<String> locations) {
        List<Resource> result = new ArrayList<>();
        for (String location : locations) {
            try {
                Arrays.stream(resolver.getResources(location.trim()))
                        .filter(Resource::isReadable)
                        .sorted(Comparator.comparing(resource -> Objects.requireNonNullElse(resource.getFilename(), "")))
                        .forEach(result::add);
            } catch (IOException e) {
                throw new InvalidTriggerException("Cannot list the Trigger manifests at " + location + ": " + e, e);
            }
        }
        return result;
    }

    private static String read(Resource resource) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Trigger manifest " + resource.getDescription(), e);
        }
    }

    private static String origin(Resource resource) {
        try {
            return resource.getURL().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }
}
