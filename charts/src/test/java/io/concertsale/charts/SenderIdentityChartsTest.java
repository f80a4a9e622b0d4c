package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.EventPolicy;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Sender identity on the event plane as the charts render it (Knative's authentication-oidc and EventPolicies, the
 * contract of SALE_EVENTS_IDENTITY_*): the audience each Trigger asks for is the one its service verifies, the
 * producer token is where the service reads it, the JWKS can be fetched, and turning identity off leaves nothing of it.
 */
class SenderIdentityChartsTest {

    private static final String NS = Charts.NAMESPACE;
    private static final String ROUTER = "zeebe-cloud-events-router";
    private static final String BROKER_AUDIENCE = "eventing.knative.dev/broker/" + NS + "/default";
    private static final String TOKEN_FILE = "SALE_EVENTS_IDENTITY_TOKEN_FILE";

    private static Optional<Volume> volume(Rendered rendered, String service, String name) {
        return Workloads.volumes(rendered, service).stream().filter(volume -> volume.getName().equals(name)).findFirst();
    }

    private static Optional<VolumeMount> mount(Rendered rendered, String service, String name) {
        List<VolumeMount> mounts = Workloads.container(rendered, service).getVolumeMounts();
        return mounts == null ? Optional.empty()
                : mounts.stream().filter(mount -> mount.getName().equals(name)).findFirst();
    }

    /** The file an environment variable names, resolved to the volume mounted over it: (volume, path in it). */
    private static Map.Entry<Volume, String> fileOf(Rendered rendered, String service, String env) {
        String file = Workloads.envValue(rendered, service, env);
        VolumeMount mount = Workloads.container(rendered, service).getVolumeMounts().stream()
                .filter(candidate -> file.startsWith(candidate.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(service + ": no volume holds " + env + "=" + file));
        assertThat(mount.getReadOnly()).as("%s of %s read-only", mount.getMountPath(), service).isTrue();
        Volume volume = volume(rendered, service, mount.getName()).orElseThrow();
        return Map.entry(volume, file.substring(mount.getMountPath().length() + 1));
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS", "SINK_BINDINGS", "KAFKA_BROKER"})
    void everyTriggerAsksForTheAudienceItsServiceVerifies(Variant variant) {
        Rendered sale = Charts.render(Charts.UMBRELLA, variant);

        List<Trigger> triggers = sale.all(Trigger.class);
        assertThat(triggers).hasSizeGreaterThan(30);
        for (Trigger trigger : triggers) {
            String service = trigger.getSpec().getSubscriber().getRef().getName();
            assertThat(trigger.getSpec().getSubscriber().getAudience()).as("audience of %s", trigger.getMetadata().getName())
                    .isEqualTo(service)
                    .isEqualTo(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_AUDIENCE"));
        }
        // the router makes its Triggers at run time: it is told the audience to ask for, which it verifies
        assertThat(Workloads.envValue(sale, ROUTER, "SALE_EVENTS_IDENTITY_AUDIENCE")).isEqualTo(ROUTER);
    }

    @Test
    void aConfiguredAudienceIsTheOneTheTriggersAskForAndTheServiceVerifies() {
        Rendered tickets = Charts.render("tickets-service", Values.of("identity.audience", "tickets.concert-sale"));
        assertThat(tickets.all(Trigger.class)).isNotEmpty().allSatisfy(trigger ->
                assertThat(trigger.getSpec().getSubscriber().getAudience()).isEqualTo("tickets.concert-sale"));
        assertThat(Workloads.envValue(tickets, "tickets-service", "SALE_EVENTS_IDENTITY_AUDIENCE"))
                .isEqualTo("tickets.concert-sale");

        Rendered router = Charts.render(Charts.UMBRELLA, Values.of("zeebe-cloud-events-router.identity.audience",
                "router.concert-sale"));
        assertThat(Workloads.envValue(router, ROUTER, "SALE_EVENTS_IDENTITY_AUDIENCE")).isEqualTo("router.concert-sale");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS", "SINK_BINDINGS"})
    void everyServiceVerifiesDeliveriesAgainstTheClustersIssuer(Variant variant) {
        Rendered sale = Charts.render(Charts.UMBRELLA, variant);
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_REQUIRED")).isEqualTo("true");
            assertThat(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_ISSUER"))
                    .isEqualTo("https://kubernetes.default.svc.cluster.local");
            assertThat(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_JWKS_URI"))
                    .isEqualTo("https://kubernetes.default.svc/openid/v1/jwks");
            // the Triggers' OIDC identities are service accounts of the namespace
            assertThat(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_SENDERS"))
                    .isEqualTo("system:serviceaccount:" + NS + ":*");
            assertThat(Workloads.envValue(sale, service, TOKEN_FILE)).isEqualTo("/oidc/token");
        }
        Rendered eks = Charts.render(Charts.UMBRELLA, Values.of(
                "global.identity.issuer", "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
                "queue-service.identity.senders", List.of("system:serviceaccount:" + NS + ":tickets-service-*",
                        "system:serviceaccount:" + NS + ":queue-service-*")));
        assertThat(Workloads.envValue(eks, "tickets-service", "SALE_EVENTS_IDENTITY_ISSUER"))
                .isEqualTo("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
        assertThat(Workloads.envValue(eks, "queue-service", "SALE_EVENTS_IDENTITY_SENDERS")).isEqualTo(
                "system:serviceaccount:" + NS + ":tickets-service-*,system:serviceaccount:" + NS + ":queue-service-*");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS", "KAFKA_BROKER"})
    void sendingStraightToTheBrokerEachServiceGetsAShortLivedTokenForTheBrokersAudience(Variant variant) {
        Rendered sale = Charts.render(Charts.UMBRELLA, variant);
        for (String service : Charts.SERVICES) {
            Map.Entry<Volume, String> file = fileOf(sale, service, TOKEN_FILE);
            assertThat(file.getKey().getName()).isEqualTo("oidc-token");
            List<VolumeProjection> sources = file.getKey().getProjected().getSources();
            assertThat(sources).as("sources of the token of %s", service).singleElement().satisfies(source -> {
                var token = source.getServiceAccountToken();
                assertThat(token.getAudience()).isEqualTo(BROKER_AUDIENCE);
                assertThat(token.getPath()).isEqualTo(file.getValue());
                // the kubelet renews it at 80 % of its life: short, yet not below Kubernetes' minimum
                assertThat(token.getExpirationSeconds()).isBetween(600L, 3600L);
            });
            assertThat(mount(sale, service, "oidc-token").orElseThrow().getMountPath()).isEqualTo("/oidc");
        }
        // the audience follows the Broker's name, or is set outright
        Rendered other = Charts.render("queue-service", Values.of("global.broker.name", "sale"));
        assertThat(volume(other, "queue-service", "oidc-token").orElseThrow().getProjected().getSources().getFirst()
                .getServiceAccountToken().getAudience()).isEqualTo("eventing.knative.dev/broker/" + NS + "/sale");
        Rendered set = Charts.render("queue-service", Values.of("global.identity.brokerAudience", "broker.example"));
        assertThat(volume(set, "queue-service", "oidc-token").orElseThrow().getProjected().getSources().getFirst()
                .getServiceAccountToken().getAudience()).isEqualTo("broker.example");
    }

    @Test
    void withSinkBindingsKnativeMountsTheTokenAndThePolicyNamesTheBinding() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Variant.SINK_BINDINGS);
        for (String service : Charts.SERVICES) {
            assertThat(volume(sale, service, "oidc-token")).as("token volume of %s", service).isEmpty();
            assertThat(Workloads.envValue(sale, service, TOKEN_FILE)).isEqualTo("/oidc/token");
            SinkBinding binding = sale.get(SinkBinding.class, service);
            EventPolicy policy = sale.get(EventPolicy.class, service + "-produces");
            assertThat(policy.getSpec().getFrom()).singleElement().satisfies(from -> {
                assertThat(from.getSub()).isNull();
                assertThat(from.getRef().getKind()).isEqualTo(binding.getKind());
                assertThat(from.getRef().getApiVersion()).isEqualTo(binding.getApiVersion());
                assertThat(from.getRef().getName()).isEqualTo(binding.getMetadata().getName());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS"})
    void theJwksOfTheApiServerIsFetchedWithAnApiTokenAndTheClusterCa(Variant variant) {
        Rendered sale = Charts.render(Charts.UMBRELLA, variant);
        for (String service : List.of("queue-service", "tickets-service", "payments-service", "frontend-gateway")) {
            // no service-account token mounted: one is projected for the API server's own audience, with its CA
            Map.Entry<Volume, String> token = fileOf(sale, service, "SALE_EVENTS_IDENTITY_JWKS_BEARER_TOKEN_FILE");
            Map.Entry<Volume, String> ca = fileOf(sale, service, "SALE_EVENTS_IDENTITY_JWKS_CA_FILE");
            assertThat(token.getKey()).isSameAs(ca.getKey());
            List<VolumeProjection> sources = token.getKey().getProjected().getSources();
            assertThat(sources).filteredOn(source -> source.getServiceAccountToken() != null).singleElement()
                    .satisfies(source -> {
                        assertThat(source.getServiceAccountToken().getAudience()).as("the API server's default").isNull();
                        assertThat(source.getServiceAccountToken().getPath()).isEqualTo(token.getValue());
                        assertThat(source.getServiceAccountToken().getExpirationSeconds()).isBetween(600L, 3600L);
                    });
            assertThat(sources).filteredOn(source -> source.getConfigMap() != null).singleElement().satisfies(source -> {
                assertThat(source.getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
                assertThat(source.getConfigMap().getItems()).singleElement().satisfies(item -> {
                    assertThat(item.getKey()).isEqualTo("ca.crt");
                    assertThat(item.getPath()).isEqualTo(ca.getValue());
                });
            });
        }
        // the router has its service account's token mounted anyway (it manages Triggers): it uses that one
        assertThat(Workloads.envValue(sale, ROUTER, "SALE_EVENTS_IDENTITY_JWKS_BEARER_TOKEN_FILE"))
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
        assertThat(Workloads.envValue(sale, ROUTER, "SALE_EVENTS_IDENTITY_JWKS_CA_FILE"))
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
        assertThat(volume(sale, ROUTER, "kubernetes-api")).isEmpty();

        // a public JWKS (a cloud provider's discovery endpoint) needs neither
        Rendered open = Charts.render(Charts.UMBRELLA, Values.of("global.identity.jwksCredentials", false));
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.env(open, service)).extracting(EnvVar::getName)
                    .doesNotContain("SALE_EVENTS_IDENTITY_JWKS_BEARER_TOKEN_FILE", "SALE_EVENTS_IDENTITY_JWKS_CA_FILE");
            assertThat(volume(open, service, "kubernetes-api")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS", "SINK_BINDINGS"})
    void identityTurnedOffRendersNoPolicyNoTokenAndTellsTheServicesNotToRequireOne(Variant variant) {
        Rendered sale = Charts.render(Charts.UMBRELLA, Values.merge(variant.values(Charts.UMBRELLA),
                Values.of("global.identity.enabled", false)));

        assertThat(sale.all(EventPolicy.class)).isEmpty();
        assertThat(sale.all(Trigger.class)).isNotEmpty().allSatisfy(trigger ->
                assertThat(trigger.getSpec().getSubscriber().getAudience()).isNull());
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.envValue(sale, service, "SALE_EVENTS_IDENTITY_REQUIRED")).isEqualTo("false");
            assertThat(Workloads.env(sale, service)).extracting(EnvVar::getName)
                    .filteredOn(name -> name.startsWith("SALE_EVENTS_IDENTITY_"))
                    .containsExactly("SALE_EVENTS_IDENTITY_REQUIRED");
            assertThat(Workloads.volumes(sale, service)).as("volumes of %s", service)
                    .allSatisfy(volume -> assertThat(volume.getProjected()).isNull());
        }
        // and each chart alone
        for (String service : Charts.SERVICES) {
            Rendered alone = Charts.render(service, Values.of("global.identity.enabled", false));
            assertThat(alone.all(EventPolicy.class)).as("policies of %s alone", service).isEmpty();
            assertThat(Workloads.envValue(alone, service, "SALE_EVENTS_IDENTITY_REQUIRED")).isEqualTo("false");
        }
    }

    @Test
    void aServiceAccountSharedByTheServicesCannotBeAProducersIdentity() {
        Map<String, Object> shared = Values.of("serviceAccount.create", false, "serviceAccount.name", "");

        assertThatThrownBy(() -> Charts.render("queue-service", shared))
                .hasMessageContaining("its own service account");
        // with SinkBindings Knative gives each binding its own identity; without identity nothing needs one
        assertThat(Charts.render("queue-service", Values.merge(shared, Values.of("events.sink", "sinkBinding")))
                .all(EventPolicy.class)).hasSize(1);
        assertThat(Charts.render("queue-service", Values.merge(shared, Values.of("global.identity.enabled", false)))
                .all(EventPolicy.class)).isEmpty();
    }

    @Test
    void theSchemaRefusesATokenLifetimeKubernetesWouldRefuse() {
        assertThatThrownBy(() -> Charts.render("tickets-service", Values.of("global.identity.tokenExpirationSeconds", 300)))
                .hasMessageContaining("tokenExpirationSeconds");
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("global.identity.tokenExpirationSeconds", 300)))
                .hasMessageContaining("tokenExpirationSeconds");
        assertThat(Charts.render("tickets-service", Values.of("global.identity.tokenExpirationSeconds", 900))
                .all(EventPolicy.class)).hasSize(1);
    }

    @ParameterizedTest
    @FieldSource("io.concertsale.charts.Charts#SERVICES")
    void theSchemaRefusesAnUnknownIdentityValue(String service) {
        assertThatThrownBy(() -> Charts.render(service, Values.of("identity.audiense", "x")))
                .hasMessageContaining("audiense");
    }
}
