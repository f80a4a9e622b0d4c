package io.concertsale.launcher;

import io.concertsale.broker.LocalBrokerApplication;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import io.concertsale.events.Participants;
import io.concertsale.eventkit.config.SaleApplication;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.gateway.FrontendGatewayApplication;
import io.concertsale.payments.PaymentsServiceApplication;
import io.concertsale.queue.QueueServiceApplication;
import io.concertsale.router.ZeebeCloudEventsRouterApplication;
import io.concertsale.tickets.TicketsServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The whole sale in one JVM: the local broker, the embedded local engine (or an external Zeebe) with the Zeebe
 * CloudEvents router, then every service on its own port with its own embedded database under the data folder, wired
 * to each other exactly as Knative wires them in a cluster (K_SINK = the broker, Triggers from {@code knative/}
 * resolved to local URLs, the router's Triggers made when it deploys a model). Last, the chosen model version is
 * deployed through the router, as the backoffice's "deploy model version" does.
 *
 * <p>Only the gateway, the shop, listens on every interface: the broker, the router, the services and the embedded
 * engine (gRPC and REST) listen on the loopback interface ({@value #LOOPBACK}) only, out of reach of other machines,
 * since none of them asks who calls. {@code --sale.zeebe.grpc-on-all-interfaces=true} opens the engine's gRPC port
 * to other machines (Camunda Modeler elsewhere).
 */
public final class LocalSale implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSale.class);

    /** The interface every part but the gateway listens on. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final String ALL_INTERFACES = "0.0.0.0";

    /** The parts, in start order. */
    public enum Part {
        BROKER(LocalBrokerApplication.NAME, LocalBrokerApplication.class),
        ROUTER(ZeebeCloudEventsRouterApplication.NAME, ZeebeCloudEventsRouterApplication.class),
        PAYMENTS(Participants.PAYMENTS, PaymentsServiceApplication.class),
        TICKETS(Participants.TICKETS, TicketsServiceApplication.class),
        QUEUE(Participants.QUEUE, QueueServiceApplication.class),
        GATEWAY(Participants.GATEWAY, FrontendGatewayApplication.class);

        final String serviceName;
        final Class<?> application;

        Part(String serviceName, Class<?> application) {
            this.serviceName = serviceName;
            this.application = application;
        }

        public String serviceName() {
            return serviceName;
        }
    }

    private static final List<String> NO_SECURITY = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    private final LaunchOptions options;
    private final LauncherSecrets secrets;
    private final Map<Part, Integer> ports = new EnumMap<>(Part.class);
    private final Map<Part, ConfigurableApplicationContext> contexts = new EnumMap<>(Part.class);
    private final URI zeebeAddress;
    private LocalEngine engine;
    private EngineStatistics engineStatistics;
    private ProducerTokens producerTokens;
    private Duration startup = Duration.ZERO;

    private LocalSale(LaunchOptions options) {
        this.options = options;
        this.secrets = LauncherSecrets.loadOrCreate(options.dataDir(), options.adminPassword());
        for (Part part : Part.values()) {
            Integer given = options.ports().get(part.serviceName);
            ports.put(part, given != null ? given : options.randomPorts() ? freePort() : configuredPort(part));
        }
        LaunchOptions.Zeebe zeebe = options.zeebe();
        this.zeebeAddress = zeebe.isEmbedded()
                ? URI.create("http://" + LOOPBACK + ":" + (options.randomPorts() ? freePort() : zeebe.port()))
                : zeebe.address();
    }

    /** Starts every part and returns once all are ready; stops what started if one fails. */
    public static LocalSale start(LaunchOptions options) {
        LocalSale sale = new LocalSale(options);
        long started = System.nanoTime();
        try {
            for (Part part : Part.values()) {
                if (part == Part.ROUTER && options.zeebe().isEmbedded()) {
                    sale.startEngine();
                }
                sale.startPart(part);
            }
            sale.resumeDeliveries();
            if (options.modelName() != null) {
                sale.deployModel(options.modelName());
            }
        } catch (RuntimeException e) {
            sale.close();
            throw e;
        }
        sale.startup = Duration.ofNanos(System.nanoTime() - started);
        return sale;
    }

    private void startPart(Part part) {
        SpringApplication application = SaleApplication.create(part.application, part.serviceName);
        application.setRegisterShutdownHook(false);
        if (part == Part.ROUTER && engine != null) {
            // the router's process monitor counts from the embedded engine's records (Operate does it in a cluster)
            EngineStatistics statistics = engineStatistics;
            application.addInitializers(context -> context.getBeanFactory()
                    .registerSingleton("processStatistics", statistics));
        }
        List<String> args = new ArrayList<>();
        settings(part).forEach((name, value) -> args.add("--" + name + "=" + value));
        log.info("Starting {} on port {}", part.serviceName, ports.get(part));
        contexts.put(part, application.run(args.toArray(String[]::new)));
        if (part == Part.BROKER) {
            producerTokens = new ProducerTokens(options.dataDir(), contexts.get(part).getBean(TokenIssuer.class),
                    Arrays.stream(Part.values()).filter(other -> other != Part.BROKER).map(other -> other.serviceName)
                            .toList());
        }
    }

    /**
     * Resumes the deliveries the broker's log kept from the last run (a crash or a stop mid-sale), then those of the
     * events the services sent while the others were starting, now that every subscriber listens: the broker runs
     * with {@code resume-on-start=false} and so holds them all, and none is tried against a service still starting.
     */
    private void resumeDeliveries() {
        int resumed = contexts.get(Part.BROKER).getBean(Broker.class).resume();
        if (resumed > 0) {
            log.info("The broker resumed {} deliveries left from the last run", resumed);
        }
    }

    /**
     * Starts the embedded engine on the Zeebe address's host (the loopback interface) and port, durable: its journal
     * lives in the data folder ({@code <data folder>/engine}), so a sale started again finds its process instances
     * where they were. Its gRPC port listens on every interface when the options say so. The statistics listen from
     * the first record on, the replayed ones included.
     */
    private void startEngine() {
        EngineOptions engineOptions = engineOptions(options, zeebeAddress);
        log.info("Starting the embedded engine, gRPC on {}:{}, journal in {}", engineOptions.grpcInterface(),
                zeebeAddress.getPort(), engineOptions.dataDirectory());
        EngineStatistics statistics = new EngineStatistics();
        engine = LocalEngine.start(engineOptions, statistics);
        engineStatistics = statistics;
    }

    /**
     * How the embedded engine runs: durable in the data folder, both gateways on the Zeebe address's host (the
     * loopback interface), the gRPC one on every interface if the options say so.
     */
    static EngineOptions engineOptions(LaunchOptions options, URI zeebeAddress) {
        return EngineOptions.durable(engineDirectory(options.dataDir()))
                .withHost(zeebeAddress.getHost()).withPort(zeebeAddress.getPort())
                .withGrpcHost(options.zeebe().grpcOnAllInterfaces() ? ALL_INTERFACES : null)
                .withRestPort(options.randomPorts() ? 0 : options.zeebe().restPort());
    }

    /** Where the embedded engine keeps its journal: {@code engine} in the launcher's data folder. */
    static Path engineDirectory(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("engine");
    }

    /**
     * Deploys a bundled model version through the router ({@code POST /models/{name}/deployments}, as the operator),
     * which also makes the broker route the model's messages to it.
     *
     * @return the router's answer (JSON)
     */
    public String deployModel(String name) {
        URI uri = URI.create(url(Part.ROUTER) + "/models/" + name + "/deployments");
        log.info("Deploying process model {}", name);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", OperatorCredentialFilter.basic(secrets.adminPassword()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("The router did not deploy " + name + ": " + response.statusCode()
                        + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("The router did not answer the deployment of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deploying " + name, e);
        }
    }

    /**
     * What the launcher tells a part: its port and interface (the loopback one, but for the gateway), where the
     * others are, the shared secrets.
     */
    Map<String, String> settings(Part part) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", String.valueOf(ports.get(part)));
        if (part != Part.GATEWAY) {
            settings.put("server.address", LOOPBACK);
        }
        settings.put("spring.main.banner-mode", "off");
        // Boot puts the application name into a JVM-wide logging property: the last part started would win and
        // mislabel every line; the logger names (io.concertsale.<service>...) say which part speaks.
        settings.put("logging.include-application-name", "false");
        settings.put("sale.data-dir", options.dataDir().toAbsolutePath().toString());
        settings.put("sale.events.sink", brokerIngress().toString());
        settings.put("sale.admission.token-secret", secrets.admissionTokenSecret());
        // the operator credential of every part's operator endpoints (actuator beyond health, the broker's and the
        // router's APIs); the gateway's backoffice asks for it and relays with it
        settings.put("sale.admin-password", secrets.adminPassword());
        String issuer = url(Part.BROKER).toString();
        if (part == Part.BROKER) {
            // the broker issues every token of the sale: deliveries' and the services' own; its key survives a restart
            settings.put("broker.identity.issuer", issuer);
            settings.put("broker.identity.key-file", options.dataDir().toAbsolutePath().resolve("identity")
                    .resolve("broker-key.jwk").toString());
        } else {
            // sender identity as Knative's authentication-oidc has it, with the broker as the issuer
            settings.put("sale.events.identity.issuer", issuer);
            settings.put("sale.events.identity.jwks-uri", issuer + "/openid/v1/jwks");
            // the audience its Triggers name (knative/, the router's own Triggers): the service's name
            settings.put("sale.events.identity.audience", part.serviceName);
            settings.put("sale.events.identity.senders", "system:serviceaccount:concert-sale:*");
            settings.put("sale.events.identity.token-file",
                    ProducerTokens.file(options.dataDir(), part.serviceName).toString());
        }
        if (part != Part.GATEWAY) {
            // Spring Security is on the shared classpath for the gateway only; keep it out of the other parts.
            settings.put("spring.autoconfigure.exclude", String.join(",", NO_SECURITY));
        }
        switch (part) {
            case BROKER -> {
                settings.put("broker.delivery.resume-on-start", "false");
                for (Part subscriber : List.of(Part.ROUTER, Part.QUEUE, Part.TICKETS, Part.PAYMENTS, Part.GATEWAY)) {
                    settings.put("broker.subscribers." + subscriber.serviceName, url(subscriber).toString());
                }
            }
            case ROUTER -> {
                settings.put("router.sink", brokerIngress().toString());
                settings.put("router.zeebe.grpc-address", zeebeAddress.toString());
                settings.put("router.triggers.mode", "local-broker");
                settings.put("router.triggers.local-broker-url", url(Part.BROKER).toString());
            }
            case PAYMENTS -> settings.put("payments.api-keys", secrets.paymentsApiKey());
            case TICKETS -> {
                settings.put("tickets.payments.base-url", url(Part.PAYMENTS).toString());
                settings.put("tickets.payments.api-key", secrets.paymentsApiKey());
            }
            case GATEWAY -> {
                settings.put("gateway.payments.base-url", url(Part.PAYMENTS).toString());
                settings.put("gateway.broker.base-url", url(Part.BROKER).toString());
                settings.put("gateway.router.base-url", url(Part.ROUTER).toString());
            }
            case QUEUE -> {
            }
        }
        settings.putAll(options.properties());
        return settings;
    }

    /** Where a part answers on this machine: the gateway at localhost, the others at the loopback address. */
    public URI url(Part part) {
        return URI.create("http://" + (part == Part.GATEWAY ? "localhost" : LOOPBACK) + ":" + ports.get(part));
    }

    /**
     * The {@code Authorization} with which a part sends its events to the broker: the token the broker issued it
     * (tests and tools posting an event as its producer would).
     */
    public String producerAuthorization(Part part) {
        return "Bearer " + contexts.get(Part.BROKER).getBean(TokenIssuer.class).producerToken(part.serviceName);
    }

    /** The broker's ingress, the K_SINK of every service. */
    public URI brokerIngress() {
        return URI.create(url(Part.BROKER) + "/default/default");
    }

    /** The Zeebe engine's gRPC address: the embedded engine's or the external one. */
    public URI zeebeAddress() {
        return zeebeAddress;
    }

    /** The embedded engine, when the launcher runs one (tests read its records). */
    public Optional<LocalEngine> embeddedEngine() {
        return Optional.ofNullable(engine);
    }

    public String adminPassword() {
        return secrets.adminPassword();
    }

    public LaunchOptions options() {
        return options;
    }

    public Duration startup() {
        return startup;
    }

    public ConfigurableApplicationContext context(Part part) {
        return contexts.get(part);
    }

    /** Stops the parts in reverse start order: the gateway first, the engine after the router, the broker last. */
    @Override
    public void close() {
        if (producerTokens != null) {
            producerTokens.close();
            producerTokens = null;
        }
        List<Part> reverse = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(reverse);
        for (Part part : reverse) {
            try {
                contexts.get(part).close();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly", part.serviceName, e);
            }
            if (part == Part.ROUTER) {
                stopEngine();
            }
        }
        contexts.clear();
        stopEngine();
    }

    private void stopEngine() {
        if (engine != null) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                log.warn("The embedded engine did not stop cleanly", e);
            }
            engine = null;
            engineStatistics = null;
        }
    }

    private static int configuredPort(Part part) {
        String name = part.serviceName + ".yml";
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(name, new ClassPathResource(name))) {
                Object port = source.getProperty("server.port");
                if (port != null) {
                    return Integer.parseInt(port.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
        throw new IllegalStateException(name + " sets no server.port");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
