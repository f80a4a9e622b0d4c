package io.concertsale.eventkit.config;

import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.http.BodySizeLimitFilter;
import io.concertsale.eventkit.http.CloudEventHttpMessageConverter;
import io.concertsale.eventkit.http.DirectEndpointFilter;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.http.UnobservedPaths;
import io.concertsale.eventkit.ingress.EventIngress;
import io.concertsale.eventkit.identity.IdentityProperties;
import io.concertsale.eventkit.identity.SenderIdentity;
import io.concertsale.eventkit.ingress.EventIngressServlet;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.ingress.ProcessedEventStore;
import io.concertsale.eventkit.ingress.ReceivedEvents;
import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.eventkit.outbox.EventPublisher;
import io.concertsale.eventkit.outbox.OutboxEventPublisher;
import io.concertsale.eventkit.outbox.OutboxNumbering;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.schedule.PeriodicJob;
import io.concertsale.eventkit.schedule.PeriodicJobs;
import io.concertsale.events.schema.EventSchemas;
import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.sink.HttpEventSink;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the event plumbing into every service: the CloudEvent converter, the sink, and, where the service has a
 * database, the outbox, its relay, deduplication and the ingress endpoint (when the service subscribes to events);
 * and, in front of every HTTP entry, the limit of a request body's size ({@link HttpProperties}).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class})
@EnableConfigurationProperties({EventsProperties.class, HttpProperties.class, IdentityProperties.class,
        OperatorProperties.class})
public class EventKitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The body size limit, in front of every servlet and filter but the request's observation (a refusal is
     * observed) and the character encoding: before security, so an oversized body is refused before anything else.
     */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpProperties properties) {
        Map<String, Long> pathLimits = new LinkedHashMap<>();
        properties.maxBodyBytesByPath().forEach((path, size) -> pathLimits.put(path, size.toBytes()));
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(properties.maxBodyBytes().toBytes(), pathLimits));
        registration.setName("bodySizeLimit");
        registration.setOrder(BodySizeLimitFilter.ORDER);
        return registration;
    }

    /**
     * The operator credential in front of the operator endpoints, in the parts without Spring Security (the gateway's
     * security configuration covers its own).
     */
    @Bean
    @ConditionalOnMissingBean(type = "org.springframework.security.web.SecurityFilterChain")
    FilterRegistrationBean<OperatorCredentialFilter> operatorCredentialFilter(OperatorProperties operator,
            @Value("${sale.admin-password:}") String password) {
        if (password.isBlank()) {
            LoggerFactory.getLogger(OperatorCredentialFilter.class).warn("No sale.admin-password (SALE_ADMIN_PASSWORD):"
                    + " the operator endpoints {} refuse everyone", operator.paths());
        }
        FilterRegistrationBean<OperatorCredentialFilter> registration = new FilterRegistrationBean<>(
                new OperatorCredentialFilter(password, operator.paths(), operator.openPaths()));
        registration.setName("operatorCredential");
        registration.setOrder(OperatorCredentialFilter.ORDER);
        return registration;
    }

    @Bean
    CloudEventHttpMessageConverter cloudEventHttpMessageConverter() {
        return new CloudEventHttpMessageConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    SaleEvents saleEvents(EventsProperties properties, @Value("${spring.application.name:unknown}") String name) {
        URI source = properties.source() != null ? properties.source() : URI.create("urn:concertsale:" + name);
        return new SaleEvents(source);
    }

    @Bean
    @ConditionalOnMissingBean
    EventSchemas eventSchemas() {
        return new EventSchemas();
    }

    @Bean
    @ConditionalOnMissingBean
    EventSink eventSink(EventsProperties properties, IdentityProperties identity, Clock clock) {
        if (properties.sink() == null) {
            throw new IllegalStateException("Set sale.events.sink (or K_SINK) to the broker's address");
        }
        return new HttpEventSink(properties.sink(), properties.sinkAttempts(), properties.sinkBackoff(),
                properties.sinkTimeout(), SenderIdentity.tokenFile(identity, clock));
    }

    /**
     * Every service's periodic work ({@link PeriodicJob} beans) runs one way: {@link PeriodicJobs} on the kit's
     * scheduler, which gives every run a virtual thread of its own.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {

        @Bean(destroyMethod = "close")
        SimpleAsyncTaskScheduler periodicJobScheduler() {
            SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
            scheduler.setVirtualThreads(true);
            scheduler.setThreadNamePrefix("job-");
            // a job's run may finish its turn on shutdown; the context closes after it, at most this long
            scheduler.setTaskTerminationTimeout(5_000);
            return scheduler;
        }

        @Bean
        PeriodicJobs periodicJobs(ObjectProvider<PeriodicJob> jobs, SimpleAsyncTaskScheduler periodicJobScheduler) {
            return new PeriodicJobs(jobs.orderedStream().toList(), periodicJobScheduler);
        }
    }

    /** The outbox and deduplication, for services with a database. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(DataSource.class)
    static class PersistentEvents {

        @Bean
        @ConditionalOnMissingBean
        OutboxRelay outboxRelay(JdbcClient jdbc, EventSink sink, Clock clock, EventsProperties properties) {
            EventsProperties.Outbox outbox = properties.outbox();
            return new OutboxRelay(jdbc, sink, clock, outbox.pollInterval(), outbox.batchSize(), outbox.parallelism(),
                    outbox.maxBackoff());
        }

        /** What an operator watches to see whether a service's events leave it as fast as it makes them. */
        @Bean
        MeterBinder outboxMeters(OutboxRelay relay) {
            return registry -> {
                Gauge.builder("sale.events.outbox.pending", relay, OutboxRelay::pending)
                        .description("Events in the outbox waiting to be sent to the broker (not failed)")
                        .register(registry);
                Gauge.builder("sale.events.outbox.oldest.age", relay, OutboxRelay::oldestPendingSeconds)
                        .description("How long the oldest event waiting in the outbox has waited").baseUnit("seconds")
                        .register(registry);
                FunctionTimer.builder("sale.events.outbox.sends", relay, OutboxRelay::sent,
                                OutboxRelay::sendNanos, TimeUnit.NANOSECONDS)
                        .description("Events the broker took from the outbox, and the time spent sending")
                        .register(registry);
            };
        }

        @Bean
        @ConditionalOnMissingBean
        EventPublisher eventPublisher(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions,
                OutboxRelay relay, Clock clock) {
            // before the first event is written: whatever emits events needs this bean
            OutboxNumbering.keepAheadOfRows(dataSource, jdbc);
            return new OutboxEventPublisher(jdbc, transactions, relay, clock);
        }

        /** What every feature's {@code <Feature>Facts} port delegates to. */
        @Bean
        @ConditionalOnMissingBean
        CatalogFacts catalogFacts(EventPublisher publisher, SaleEvents events) {
            return new CatalogFacts(publisher, events);
        }

        @Bean
        @ConditionalOnMissingBean
        ProcessedEventStore processedEventStore(JdbcTemplate jdbc, Clock clock) {
            return new ProcessedEventStore(jdbc, clock);
        }

        @Bean
        PeriodicJob deduplicationPurge(ProcessedEventStore store, EventsProperties properties) {
            return PeriodicJob.every(Duration.ofHours(1), "purge of processed event ids",
                    () -> store.purgeOlderThan(properties.deduplicationRetention()))
                    .startingAfter(Duration.ofMinutes(1));
        }
    }

    /** The CloudEvent endpoint, for services that subscribe to events. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({EventSubscriptions.class, DataSource.class})
    static class Ingress {

        @Bean
        ReceivedEvents receivedEvents(MeterRegistry registry, EventSubscriptions subscriptions) {
            return new ReceivedEvents(registry, subscriptions.types());
        }

        /**
         * The ingress, with {@code sale.events.max-clock-skew} and the service's {@link Clock} (the system clock when
         * the service has none, or more than one).
         */
        @Bean
        EventIngress eventIngress(EventSubscriptions subscriptions, EventSchemas schemas, ProcessedEventStore store,
                TransactionTemplate transactions, ReceivedEvents received, EventsProperties properties,
                ObjectProvider<Clock> clock) {
            return new EventIngress(subscriptions, schemas, store, transactions, received,
                    properties.ingressBatch().size(), properties.ingressBatch().committers(),
                    properties.maxClockSkew(), clock.getIfUnique(Clock::systemUTC));
        }

        /** Deliveries are counted by {@link ReceivedEvents}, not observed as requests one by one. */
        @Bean
        UnobservedPaths eventIngressUnobserved(EventsProperties properties) {
            return new UnobservedPaths(Set.of(properties.ingressPath()));
        }

        /**
         * The endpoint itself, a servlet of its own at exactly the ingress path, which checks the sender of every
         * delivery ({@code sale.events.identity.*}).
         */
        @Bean
        ServletRegistrationBean<EventIngressServlet> eventIngressServlet(EventIngress ingress,
                ReceivedEvents received, EventsProperties properties, IdentityProperties identity, Clock clock,
                @Value("${spring.application.name:unknown}") String name) {
            ServletRegistrationBean<EventIngressServlet> registration = new ServletRegistrationBean<>(
                    new EventIngressServlet(ingress, received, SenderIdentity.verifier(identity, name, clock)),
                    properties.ingressPath());
            registration.setName("eventIngress");
            registration.setLoadOnStartup(1);
            return registration;
        }

        /** Deliveries go straight to the endpoint, past the filters they do not need ({@link DirectEndpointFilter}). */
        @Bean
        FilterRegistrationBean<DirectEndpointFilter> eventIngressDirect(
                ServletRegistrationBean<EventIngressServlet> eventIngressServlet) {
            return DirectEndpointFilter.registration("eventIngressDirect", eventIngressServlet);
        }
    }
}
