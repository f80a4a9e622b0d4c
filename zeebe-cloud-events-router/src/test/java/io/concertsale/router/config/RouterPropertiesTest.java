package io.concertsale.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

/** {@code router.*}: the defaults of zeebe-cloud-events-router.yml are the contract; overrides bind as documented. */
class RouterPropertiesTest {

    private static List<PropertySource<?>> yaml(String name, org.springframework.core.io.Resource resource) {
        try {
            return new YamlPropertySourceLoader().load(name, resource);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds the shipped yml under the given overrides (first wins), as Spring Boot would. */
    private static RouterProperties bind(PropertySource<?>... overrides) {
        return bind(environment(overrides));
    }

    private static RouterProperties bind(StandardEnvironment environment) {
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bind("router", RouterProperties.class).get();
    }

    private static StandardEnvironment environment(PropertySource<?>... overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().forEach(source -> environment.getPropertySources().remove(source.getName()));
        for (PropertySource<?> override : overrides) {
            environment.getPropertySources().addLast(override);
        }
        yaml("router", new ClassPathResource("zeebe-cloud-events-router.yml"))
                .forEach(environment.getPropertySources()::addLast);
        environment.getPropertySources().addLast(new MapPropertySource("catalog",
                Map.of("sale.events.source", "urn:test:router")));
        return environment;
    }

    @Test
    void theShippedDefaultsAreTheContract() {
        RouterProperties properties = bind();

        assertThat(properties.sink()).isEqualTo(URI.create("http://localhost:8090/default/default"));
        assertThat(properties.source()).isEqualTo(URI.create("urn:test:router"));
        RouterProperties.Zeebe zeebe = properties.zeebe();
        assertThat(zeebe.grpcAddress()).isEqualTo(URI.create("http://localhost:26500"));
        assertThat(zeebe.restAddress()).isEqualTo(URI.create("http://localhost:8088"));
        assertThat(zeebe.preferRestOverGrpc()).isFalse();
        assertThat(zeebe.clientId()).isNull();
        assertThat(zeebe.clientSecret()).isNull();
        assertThat(zeebe.authorizationServerUrl()).isNull();
        assertThat(zeebe.audience()).isNull();
        assertThat(zeebe.auth().method()).as("derived from the credentials").isNull();
        assertThat(zeebe.username()).isNull();
        assertThat(zeebe.password()).isNull();
        assertThat(zeebe.scope()).isNull();
        assertThat(zeebe.authorizationServerTruststorePath()).isNull();
        assertThat(zeebe.authorizationServerTruststorePassword()).isNull();
        assertThat(zeebe.caCertificatePath()).isNull();
        assertThat(zeebe.clusterId()).isNull();
        assertThat(zeebe.region()).isNull();
        assertThat(zeebe.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        RouterProperties.Messages messages = properties.messages();
        assertThat(messages.timeToLive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(messages.correlationKeyFallback()).isNull();
        assertThat(messages.correlationKeyVariable()).isEqualTo("correlationKey");
        assertThat(messages.variables()).isEmpty();
        RouterProperties.Worker worker = properties.worker();
        assertThat(worker.jobType()).isEqualTo("cloudevents");
        assertThat(worker.maxJobsActive()).isEqualTo(32);
        assertThat(worker.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.retryBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(worker.replyTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.bpmnErrors()).isEmpty();
        assertThat(properties.modelsLocation()).isEqualTo("classpath*:bpmn/*.bpmn");
        RouterProperties.Triggers triggers = properties.triggers();
        assertThat(triggers.mode()).isEqualTo(RouterProperties.TriggerMode.NONE);
        assertThat(triggers.broker()).isEqualTo("default");
        assertThat(triggers.namespace()).isNull();
        assertThat(triggers.localBrokerUrl()).isEqualTo(URI.create("http://localhost:8090"));
        assertThat(triggers.namePrefix()).isEqualTo("zeebe-router");
        assertThat(triggers.subscriber().apiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(triggers.subscriber().kind()).isEqualTo("Service");
        assertThat(triggers.subscriber().name()).isEqualTo("zeebe-cloud-events-router");
        assertThat(triggers.subscriber().uri()).isNull();
        assertThat(triggers.delivery().retry()).isEqualTo(5);
        assertThat(triggers.delivery().backoffPolicy()).isEqualTo(RouterProperties.BackoffPolicy.EXPONENTIAL);
        assertThat(triggers.delivery().backoffDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(triggers.delivery().deadLetterSink()).isEqualTo("dead-letter-sink");
    }

    @Test
    void eventTypesWithDotsBindAsMapKeysInBrackets() {
        RouterProperties properties = bind(new MapPropertySource("test", Map.of(
                "router.bpmn-errors[Payments.Declined]", "PAYMENT_DECLINED",
                "router.bpmn-errors[Orders.Rejected]", "REJECTED")));

        assertThat(properties.bpmnErrors()).containsOnly(Map.entry("Payments.Declined", "PAYMENT_DECLINED"),
                Map.entry("Orders.Rejected", "REJECTED"));
    }

    @Test
    void inAContainerTheBracketedKeysGoThroughSpringApplicationJson() {
        StandardEnvironment environment = environment(new SystemEnvironmentPropertySource("env", Map.of(
                "SPRING_APPLICATION_JSON", "{\"router.bpmn-errors[Payments.Declined]\":\"PAYMENT_DECLINED\"}")));
        new SpringApplicationJsonEnvironmentPostProcessor().postProcessEnvironment(environment,
                new SpringApplication());

        assertThat(bind(environment).bpmnErrors()).containsOnly(Map.entry("Payments.Declined", "PAYMENT_DECLINED"));
    }

    @Test
    void yamlMapsBindWithBracketedKeysAndKeepTheirValueTypes() {
        String yaml = """
                router:
                  bpmn-errors:
                    "[Payments.Declined]": PAYMENT_DECLINED
                  messages:
                    variables:
                      paymentReminderInterval: PT10S
                      bulkOrderThreshold: 10
                """;
        RouterProperties properties = bind(yaml("test", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .toArray(PropertySource[]::new));

        assertThat(properties.bpmnErrors()).containsOnly(Map.entry("Payments.Declined", "PAYMENT_DECLINED"));
        assertThat(properties.messages().variables()).containsOnly(Map.entry("paymentReminderInterval", "PT10S"),
                Map.entry("bulkOrderThreshold", 10));
    }

    @Test
    void environmentVariablesOverrideByRelaxedBinding() {
        RouterProperties properties = bind(new SystemEnvironmentPropertySource("env", Map.of(
                "K_SINK", "http://broker-ingress.knative-eventing.svc.cluster.local/sale/default",
                "ROUTER_ZEEBE_GRPC_ADDRESS", "http://camunda-zeebe-gateway:26500",
                "ROUTER_ZEEBE_CLIENT_ID", "router",
                "ROUTER_TRIGGERS_MODE", "knative",
                "ROUTER_TRIGGERS_NAMESPACE", "sale",
                "ROUTER_MESSAGES_TIME_TO_LIVE", "30m",
                "ROUTER_MESSAGES_CORRELATION_KEY_VARIABLE", "")));

        assertThat(properties.sink()).hasToString("http://broker-ingress.knative-eventing.svc.cluster.local/sale/default");
        assertThat(properties.zeebe().grpcAddress()).hasToString("http://camunda-zeebe-gateway:26500");
        assertThat(properties.zeebe().clientId()).isEqualTo("router");
        assertThat(properties.triggers().mode()).isEqualTo(RouterProperties.TriggerMode.KNATIVE);
        assertThat(properties.triggers().namespace()).isEqualTo("sale");
        assertThat(properties.messages().timeToLive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(properties.messages().correlationKeyVariable()).as("empty switches it off").isNull();
    }

    @Test
    void theEnginesAuthenticationBindsFromTheChartsEnvironmentVariables() {
        RouterProperties basic = bind(new SystemEnvironmentPropertySource("env", Map.of(
                "ROUTER_ZEEBE_AUTH_METHOD", "basic",
                "ROUTER_ZEEBE_USERNAME", "router",
                "ROUTER_ZEEBE_PASSWORD", "pa55-w0rd\n")));

        assertThat(basic.zeebe().auth().method()).isEqualTo(RouterProperties.AuthMethod.BASIC);
        assertThat(basic.zeebe().username()).isEqualTo("router");
        assertThat(basic.zeebe().password()).as("a Secret's trailing newline is trimmed").isEqualTo("pa55-w0rd");
        assertThat(basic.zeebe().toString()).contains("username=router", "password=***").doesNotContain("pa55-w0rd");

        RouterProperties oauth = bind(new SystemEnvironmentPropertySource("env", Map.of(
                "ROUTER_ZEEBE_AUTH_METHOD", "OAUTH",
                "ROUTER_ZEEBE_SCOPE", "orchestration-api",
                "ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PATH", "/etc/router/idp/truststore.p12",
                "ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PASSWORD", "st0re-secret",
                "ROUTER_ZEEBE_CA_CERTIFICATE_PATH", "/etc/router/gateway/ca.crt")));

        assertThat(oauth.zeebe().auth().method()).isEqualTo(RouterProperties.AuthMethod.OAUTH);
        assertThat(oauth.zeebe().scope()).isEqualTo("orchestration-api");
        assertThat(oauth.zeebe().authorizationServerTruststorePath()).isEqualTo("/etc/router/idp/truststore.p12");
        assertThat(oauth.zeebe().authorizationServerTruststorePassword()).isEqualTo("st0re-secret");
        assertThat(oauth.zeebe().caCertificatePath()).isEqualTo("/etc/router/gateway/ca.crt");
        assertThat(oauth.zeebe().toString()).contains("authorizationServerTruststorePassword=***")
                .doesNotContain("st0re-secret");

        assertThat(bind(new SystemEnvironmentPropertySource("env", Map.of("ROUTER_ZEEBE_AUTH_METHOD", "")))
                .zeebe().auth().method()).as("empty: derived").isNull();
        assertThatThrownBy(() -> bind(new SystemEnvironmentPropertySource("env",
                Map.of("ROUTER_ZEEBE_AUTH_METHOD", "kerberos")))).isInstanceOf(BindException.class);
    }

    @Test
    void theLocalBrokerModeBindsFromItsKebabCaseName() {
        RouterProperties properties = bind(new MapPropertySource("test", Map.of("router.triggers.mode", "local-broker")));

        assertThat(properties.triggers().mode()).isEqualTo(RouterProperties.TriggerMode.LOCAL_BROKER);
    }

    @Test
    void aRouterWithoutSinkDoesNotStart() {
        assertThatThrownBy(() -> bind(new MapPropertySource("test", Map.of("router.sink", ""))))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("router.sink");
    }
}
