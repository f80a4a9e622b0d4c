package io.concertsale.router.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The router's settings ({@code router.*}); the defaults live in {@code zeebe-cloud-events-router.yml}, the
 * launcher and the Helm chart override them (environment variables by relaxed binding, e.g.
 * {@code ROUTER_ZEEBE_GRPC_ADDRESS}).
 *
 * @param sink where emitted events go, unless a task's {@code sink} header names another URL
 * @param source the CloudEvent source of emitted events, unless a task's {@code source} header names another
 * @param zeebe how to reach the engine
 * @param messages how incoming events become messages
 * @param worker the job worker that emits events
 * @param bpmnErrors event type to BPMN error code: a reply of such a type throws that error on the waiting job.
 *        Event types contain dots, so the keys need brackets: {@code router.bpmn-errors[Payments.Declined]=DECLINED}
 * @param modelsLocation the bundled models offered for deployment (a Spring resource pattern)
 * @param triggers how deployed models get their broker Triggers
 */
@ConfigurationProperties("router")
public record RouterProperties(
        URI sink,
        URI source,
        @DefaultValue Zeebe zeebe,
        @DefaultValue Messages messages,
        @DefaultValue Worker worker,
        Map<String, String> bpmnErrors,
        @DefaultValue("classpath*:bpmn/*.bpmn") String modelsLocation,
        @DefaultValue Triggers triggers) {

    public RouterProperties {
        if (sink == null) {
            throw new IllegalArgumentException("Set router.sink (K_SINK) to the broker's address");
        }
        if (source == null) {
            throw new IllegalArgumentException("Set router.source to the CloudEvent source of emitted events");
        }
        bpmnErrors = bpmnErrors == null ? Map.of() : Map.copyOf(bpmnErrors);
    }

    /**
     * The engine's address and credentials. With {@code clusterId} and {@code region} set, the addresses and the
     * OAuth defaults of Camunda SaaS are derived. How requests authenticate is {@code auth.method}: {@code none},
     * {@code basic} (username and password) or {@code oauth} (client credentials); unset, it is {@code oauth} when
     * {@code clientId} is set, {@code basic} when {@code username} is set, otherwise {@code none}.
     *
     * @param grpcAddress the gateway's gRPC address ({@code http://} plaintext, {@code https://} TLS)
     * @param restAddress the REST address, used only when {@code preferRestOverGrpc} is true
     * @param preferRestOverGrpc false (the default): commands over gRPC
     * @param auth how requests authenticate
     * @param username basic: the user (a user of the orchestration cluster's Identity)
     * @param password basic: its password (from a Secret, never committed, never logged)
     * @param clientId oauth: the client id
     * @param clientSecret oauth: the client secret (from a Secret, never committed, never logged)
     * @param authorizationServerUrl oauth: the token endpoint
     * @param audience oauth: the token audience
     * @param scope oauth: the scope asked for with the token; empty for none
     * @param authorizationServerTruststorePath oauth: a truststore (PKCS12 or JKS) with the CA of the token
     *        endpoint, instead of the JVM's; empty for the JVM's
     * @param authorizationServerTruststorePassword that truststore's password
     * @param caCertificatePath a PEM file with the CA of the gateway's TLS certificate ({@code https} addresses),
     *        instead of the JVM's; empty for the JVM's
     * @param clusterId Camunda SaaS cluster id
     * @param region Camunda SaaS region
     * @param requestTimeout how long one request to the engine may take
     */
    public record Zeebe(
            @DefaultValue("http://localhost:26500") URI grpcAddress,
            @DefaultValue("http://localhost:8088") URI restAddress,
            @DefaultValue("false") boolean preferRestOverGrpc,
            @DefaultValue Auth auth,
            String username,
            String password,
            String clientId,
            String clientSecret,
            String authorizationServerUrl,
            String audience,
            String scope,
            String authorizationServerTruststorePath,
            String authorizationServerTruststorePassword,
            String caCertificatePath,
            String clusterId,
            String region,
            @DefaultValue("10s") Duration requestTimeout) {

        public Zeebe {
            auth = auth == null ? new Auth(null) : auth;
            username = blankToNull(username);
            // trimmed like every value: a Secret made with --from-file often ends in a newline
            password = blankToNull(password);
            clientId = blankToNull(clientId);
            clientSecret = blankToNull(clientSecret);
            authorizationServerUrl = blankToNull(authorizationServerUrl);
            audience = blankToNull(audience);
            scope = blankToNull(scope);
            authorizationServerTruststorePath = blankToNull(authorizationServerTruststorePath);
            authorizationServerTruststorePassword = blankToNull(authorizationServerTruststorePassword);
            caCertificatePath = blankToNull(caCertificatePath);
            clusterId = blankToNull(clusterId);
            region = blankToNull(region);
        }

        /** For logs and health details: everything but the password and the secrets. */
        @Override
        public String toString() {
            return "Zeebe[grpcAddress=" + grpcAddress + ", restAddress=" + restAddress + ", preferRestOverGrpc="
                    + preferRestOverGrpc + ", auth.method=" + (auth.method() == null ? "(derived)" : auth.method())
                    + ", username=" + username + ", password=" + masked(password) + ", clientId=" + clientId
                    + ", clientSecret=" + masked(clientSecret) + ", authorizationServerUrl=" + authorizationServerUrl
                    + ", audience=" + audience + ", scope=" + scope + ", authorizationServerTruststorePath="
                    + authorizationServerTruststorePath + ", authorizationServerTruststorePassword="
                    + masked(authorizationServerTruststorePassword) + ", caCertificatePath=" + caCertificatePath
                    + ", clusterId=" + clusterId + ", region=" + region + ", requestTimeout=" + requestTimeout + "]";
        }
    }

    /** How the router authenticates to the engine. */
    public enum AuthMethod {
        /** No credentials: the local engine, or an orchestration cluster whose API is unprotected. */
        NONE,
        /** HTTP Basic with a user of the orchestration cluster (Camunda's Helm chart 13 by default). */
        BASIC,
        /** OAuth client credentials: a bearer token from the token endpoint (Identity/Keycloak, an OIDC provider, SaaS). */
        OAUTH
    }

    /**
     * @param method none, basic or oauth; unset: derived from the credentials that are set
     */
    public record Auth(AuthMethod method) {
    }

    /**
     * @param timeToLive how long the engine buffers a message no instance waits for yet; also the window in which a
     *        second message with the same id (the event id) is recognised as a duplicate
     * @param correlationKeyFallback a data field whose value (a string or number) is the correlation key of events
     *        without the {@code correlationkey} extension; empty for none
     * @param correlationKeyVariable the variable set to the correlation key on every published message; empty for
     *        none
     * @param variables static variables added to every published message (the event's data wins on a clash)
     */
    public record Messages(
            @DefaultValue("10m") Duration timeToLive,
            String correlationKeyFallback,
            @DefaultValue("correlationKey") String correlationKeyVariable,
            Map<String, Object> variables) {

        public Messages {
            correlationKeyFallback = blankToNull(correlationKeyFallback);
            correlationKeyVariable = blankToNull(correlationKeyVariable);
            variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /**
     * @param jobType the task type the worker serves
     * @param maxJobsActive jobs the worker holds at once
     * @param timeout how long an activated job stays with the worker before the engine hands it out again
     * @param retryBackoff how long the engine waits before retrying a job whose event could not be emitted
     * @param replyTimeout how long an emit-and-wait job waits for its reply
     */
    public record Worker(
            @DefaultValue("cloudevents") String jobType,
            @DefaultValue("32") int maxJobsActive,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("5s") Duration retryBackoff,
            @DefaultValue("1h") Duration replyTimeout) {

        public Worker {
            if (maxJobsActive < 1) {
                throw new IllegalArgumentException("router.worker.max-jobs-active must be at least 1");
            }
        }
    }

    /** How the router makes the broker deliver the events a deployed model waits for. */
    public enum TriggerMode {
        /** Triggers are managed elsewhere (applied by hand, or by a chart). */
        NONE,
        /** {@code PUT /api/triggers/{name}} on the local broker. */
        LOCAL_BROKER,
        /** Knative Trigger resources through the Kubernetes API. */
        KNATIVE
    }

    /**
     * @param mode none, local-broker or knative
     * @param broker the broker the Triggers subscribe to ({@code spec.broker})
     * @param namespace knative mode: the namespace of the Triggers; empty for the client's (in a pod: the pod's)
     * @param localBrokerUrl local-broker mode: the broker's base URL
     * @param localBrokerPassword local-broker mode: the broker's operator credential (HTTP Basic, user admin), the
     *        sale's admin password ({@code sale.admin-password}); without it the broker refuses the Triggers
     * @param namePrefix Trigger names are {@code <prefix>-<type in kebab case>}
     * @param subscriber how the broker reaches this router
     * @param delivery the Triggers' delivery spec
     */
    public record Triggers(
            @DefaultValue("none") TriggerMode mode,
            @DefaultValue("default") String broker,
            String namespace,
            @DefaultValue("http://localhost:8090") URI localBrokerUrl,
            String localBrokerPassword,
            @DefaultValue("zeebe-router") String namePrefix,
            @DefaultValue Subscriber subscriber,
            @DefaultValue Delivery delivery) {

        public Triggers {
            namespace = blankToNull(namespace);
            localBrokerPassword = blankToNull(localBrokerPassword);
        }

        /** For logs: everything but the password. */
        @Override
        public String toString() {
            return "Triggers[mode=" + mode + ", broker=" + broker + ", namespace=" + namespace + ", localBrokerUrl="
                    + localBrokerUrl + ", localBrokerPassword=" + (localBrokerPassword == null ? "none" : "***")
                    + ", namePrefix=" + namePrefix + ", subscriber=" + subscriber + ", delivery=" + delivery + "]";
        }
    }

    /**
     * The Trigger's {@code spec.subscriber}: a reference to this router's addressable, plus an optional URI.
     *
     * @param uri a path relative to the referenced addressable, or an absolute URL; empty for none
     */
    public record Subscriber(
            @DefaultValue("serving.knative.dev/v1") String apiVersion,
            @DefaultValue("Service") String kind,
            @DefaultValue("zeebe-cloud-events-router") String name,
            String uri) {

        public Subscriber {
            uri = blankToNull(uri);
        }
    }

    /** Knative's backoff policies. */
    public enum BackoffPolicy {
        EXPONENTIAL, LINEAR;

        /** The spelling of Knative manifests. */
        public String manifestValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The Triggers' {@code spec.delivery}.
     *
     * @param deadLetterSink the name of a Knative Service that receives what could not be delivered; empty for none
     */
    public record Delivery(
            @DefaultValue("5") int retry,
            @DefaultValue("exponential") BackoffPolicy backoffPolicy,
            @DefaultValue("PT0.2S") Duration backoffDelay,
            String deadLetterSink) {

        public Delivery {
            deadLetterSink = blankToNull(deadLetterSink);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String masked(String secret) {
        return secret == null ? "none" : "***";
    }
}
