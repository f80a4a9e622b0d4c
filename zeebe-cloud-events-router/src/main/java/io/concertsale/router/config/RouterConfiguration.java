package io.concertsale.router.config;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.concertsale.eventkit.config.EventsProperties;
import io.concertsale.eventkit.http.UnobservedPaths;
import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.identity.IdentityProperties;
import io.concertsale.eventkit.identity.SenderIdentity;
import io.concertsale.eventkit.identity.TokenFile;
import io.concertsale.eventkit.sink.HttpEventSink;
import io.concertsale.router.deployment.BpmnModels;
import io.concertsale.router.deployment.BundledModels;
import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.Deployments;
import io.concertsale.router.job.CloudEventsJobHandler;
import io.concertsale.router.job.EventEmitter;
import io.concertsale.router.job.JobEvents;
import io.concertsale.router.job.JobReplies;
import io.concertsale.router.message.EventRouter;
import io.concertsale.router.message.web.EventServlet;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.monitor.ProcessMonitor;
import io.concertsale.router.monitor.ProcessStatistics;
import io.concertsale.router.trigger.KnativeTriggers;
import io.concertsale.router.trigger.LocalBrokerTriggers;
import io.concertsale.router.trigger.NoTriggers;
import io.concertsale.router.trigger.TriggerManager;
import io.concertsale.router.trigger.TriggerManifests;
import io.concertsale.router.zeebe.ZeebeConnection;
import io.concertsale.router.zeebe.ZeebeHealthIndicator;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the router: the Zeebe client and its health, events to messages, the job worker, deployments and Trigger
 * management in the configured mode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouterProperties.class)
class RouterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

    /** How long the health check waits for the engine's topology. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /** How long a Trigger request to the local broker may take. */
    static final Duration LOCAL_BROKER_TIMEOUT = Duration.ofSeconds(10);
    /** How many deployments {@code GET /deployments} remembers. */
    static final int DEPLOYMENT_HISTORY = 200;
    static final String WORKER_NAME = "zeebe-cloud-events-router";

    /** Event data is mapped as sent: no inclusion rules of the web layer apply to it. */
    private static final JsonMapper EVENT_JSON = JsonMapper.builder().build();

    @Bean
    ZeebeConnection zeebeConnection(RouterProperties properties) {
        ZeebeConnection connection = ZeebeConnection.of(properties.zeebe());
        log.info("Zeebe engine: {}", connection.describe());
        return connection;
    }

    /** The client; it closes on shutdown, after the worker. Job handlers run on virtual threads, one per held job. */
    @Bean(destroyMethod = "close")
    CamundaClient camundaClient(ZeebeConnection connection, RouterProperties properties) {
        int jobs = properties.worker().maxJobsActive();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(jobs,
                Thread.ofVirtual().name("zeebe-job-", 0).factory());
        return connection.newClient(executor, jobs, properties.messages().timeToLive());
    }

    @Bean
    ZeebeHealthIndicator zeebeHealthIndicator(CamundaClient client, ZeebeConnection connection) {
        return new ZeebeHealthIndicator(client, connection, HEALTH_TIMEOUT);
    }

    @Bean
    RouterMetrics routerMetrics(MeterRegistry registry) {
        return new RouterMetrics(registry);
    }

    @Bean
    JobReplies jobReplies(CamundaClient client, RouterProperties properties, RouterMetrics metrics) {
        return new JobReplies(client, properties.bpmnErrors(), metrics);
    }

    @Bean
    EventRouter eventRouter(CamundaClient client, JobReplies replies, RouterMetrics metrics,
            RouterProperties properties) {
        RouterProperties.Messages messages = properties.messages();
        return new EventRouter(client, replies, metrics, messages.timeToLive(), messages.correlationKeyFallback(),
                messages.correlationKeyVariable(), messages.variables());
    }

    /**
     * The event endpoint, {@code POST /}: a servlet of its own mapped to exactly the context root (the empty
     * pattern), so the rest of the router stays Spring MVC.
     */
    @Bean
    ServletRegistrationBean<EventServlet> eventServlet(EventRouter router, IdentityProperties identity,
            EventsProperties events, Clock clock, @Value("${spring.application.name}") String name) {
        ServletRegistrationBean<EventServlet> registration = new ServletRegistrationBean<>(new EventServlet(router,
                SenderIdentity.verifier(identity, name, clock), events.maxClockSkew(), clock), "");
        registration.setName("routerEvents");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Every event is counted by the router's own meters, not observed as an HTTP request too. */
    @Bean
    UnobservedPaths eventsUnobserved() {
        return new UnobservedPaths(Set.of("/"));
    }

    /** The default sink of emitted events ({@code router.sink}); it replaces the event catalog's default. */
    @Bean
    EventSink eventSink(RouterProperties properties, EventsProperties events, IdentityProperties identity,
            Clock clock) {
        return sink(properties.sink(), events, SenderIdentity.tokenFile(identity, clock));
    }

    /** The sinks of emitted events, each sent with the router's token ({@code sale.events.identity.token-file}). */
    @Bean
    EventEmitter eventEmitter(RouterProperties properties, EventSink sink, EventsProperties events,
            IdentityProperties identity, Clock clock) {
        TokenFile token = SenderIdentity.tokenFile(identity, clock);
        return new EventEmitter(properties.sink(), sink, uri -> sink(uri, events, token));
    }

    private static HttpEventSink sink(java.net.URI uri, EventsProperties events, TokenFile token) {
        return new HttpEventSink(uri, events.sinkAttempts(), events.sinkBackoff(), events.sinkTimeout(), token);
    }

    @Bean
    JobEvents jobEvents(RouterProperties properties, Clock clock) {
        return new JobEvents(properties.source(), properties.sink(), properties.messages().correlationKeyVariable(),
                EVENT_JSON, clock);
    }

    @Bean
    CloudEventsJobHandler cloudEventsJobHandler(CamundaClient client, JobEvents events, EventEmitter emitter,
            RouterMetrics metrics, RouterProperties properties) {
        return new CloudEventsJobHandler(client, events, emitter, metrics, properties.worker().retryBackoff(),
                properties.worker().replyTimeout());
    }

    /** The worker; it starts polling at once and stops on shutdown, before the client closes. */
    @Bean(destroyMethod = "close")
    JobWorker cloudEventsWorker(CamundaClient client, CloudEventsJobHandler handler, RouterProperties properties) {
        RouterProperties.Worker worker = properties.worker();
        log.info("Job worker for type '{}' (up to {} jobs, timeout {})", worker.jobType(), worker.maxJobsActive(),
                worker.timeout());
        return client.newWorker()
                .jobType(worker.jobType())
                .handler(handler)
                .timeout(worker.timeout())
                .name(WORKER_NAME)
                .maxJobsActive(worker.maxJobsActive())
                .open();
    }

    @Bean
    BpmnModels bpmnModels(RouterProperties properties) {
        return new BpmnModels(properties.worker().jobType());
    }

    @Bean
    BundledModels bundledModels(RouterProperties properties, BpmnModels bpmn, ResourceLoader resourceLoader) {
        return BundledModels.load(ResourcePatternUtils.getResourcePatternResolver(resourceLoader),
                properties.modelsLocation(), bpmn);
    }

    @Bean
    DeploymentHistory deploymentHistory() {
        return new DeploymentHistory(DEPLOYMENT_HISTORY);
    }

    /** The process monitor; its numbers come from a {@link ProcessStatistics} bean when one is registered. */
    @Bean
    ProcessMonitor processMonitor(DeploymentHistory history, ObjectProvider<ProcessStatistics> statistics) {
        return new ProcessMonitor(history, statistics.getIfAvailable());
    }

    @Bean
    Deployments deployments(CamundaClient client, BpmnModels bpmn, BundledModels bundled, TriggerManager triggers,
            DeploymentHistory history, RouterMetrics metrics, Clock clock) {
        return new Deployments(client, bpmn, bundled, triggers, history, metrics, clock);
    }

    @Bean
    TriggerManifests triggerManifests(RouterProperties properties, IdentityProperties identity,
            @Value("${spring.application.name}") String name) {
        return new TriggerManifests(properties.triggers(),
                identity.required() ? SenderIdentity.audience(identity, name) : null);
    }

    @Bean
    TriggerManager triggerManager(RouterProperties properties, TriggerManifests manifests,
            ObjectProvider<KnativeClient> knative) {
        RouterProperties.Triggers triggers = properties.triggers();
        TriggerManager manager = switch (triggers.mode()) {
            case NONE -> new NoTriggers();
            case LOCAL_BROKER -> new LocalBrokerTriggers(triggers.localBrokerUrl(), triggers.localBrokerPassword(),
                    manifests, new KubernetesSerialization(), LOCAL_BROKER_TIMEOUT);
            case KNATIVE -> {
                KnativeClient client = knative.getObject();
                String namespace = triggers.namespace() != null ? triggers.namespace()
                        : client.getNamespace() != null ? client.getNamespace() : "default";
                yield new KnativeTriggers(client, namespace, manifests);
            }
        };
        log.info("Trigger management: {}", manager.describe());
        return manager;
    }

    /** Knative mode: the Kubernetes client, from the context when one is there, else configured as kubectl is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "router.triggers.mode", havingValue = "knative")
    static class Knative {

        @Bean(destroyMethod = "close")
        KnativeClient knativeClient(ObjectProvider<KubernetesClient> kubernetes) {
            return kubernetes.getIfAvailable(() -> new KubernetesClientBuilder().build()).adapt(KnativeClient.class);
        }
    }
}
