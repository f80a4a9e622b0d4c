package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service's pods accept traffic only from what needs it (global.networkPolicy): Knative Serving's data path for
 * Knative Services, and for plain Deployments the Broker's data plane, the services that call them and the public
 * ingress of the gateway, each on the container port.
 */
class NetworkPoliciesTest {

    private static final String QUEUE = "queue-service";
    private static final String TICKETS = "tickets-service";
    private static final String PAYMENTS = "payments-service";
    private static final String GATEWAY = "frontend-gateway";
    private static final String ROUTER = "zeebe-cloud-events-router";

    /** The namespaces a rule lets in (by kubernetes.io/metadata.name) and the services of the sale (by name). */
    private static Set<String> sources(NetworkPolicyIngressRule rule) {
        Set<String> sources = new TreeSet<>();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
            if (peer.getNamespaceSelector() != null) {
                assertThat(peer.getPodSelector()).as("a namespace peer narrowed to pods: %s", peer).isNull();
                sources.add("ns:" + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
            } else {
                Map<String, String> labels = peer.getPodSelector().getMatchLabels();
                assertThat(labels).containsEntry("app.kubernetes.io/part-of", "concert-sale");
                sources.add(labels.get("app.kubernetes.io/name"));
            }
        }
        return sources;
    }

    private static Set<String> allSources(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream().flatMap(rule -> sources(rule).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertSelectsOnlyItsService(NetworkPolicy policy, String service) {
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", service)
                .containsEntry("app.kubernetes.io/instance", Charts.RELEASE);
    }

    @Test
    void knativeServicesAreReachedOnlyThroughKnativesDataPath() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Variant.DEFAULTS);

        for (String service : Charts.SERVICES) {
            NetworkPolicy policy = sale.get(NetworkPolicy.class, service);
            assertSelectsOnlyItsService(policy, service);
            // the policy selects the revision's pods: the labels are on the revision template
            assertThat(Workloads.knativeService(sale, service).orElseThrow().getSpec().getTemplate().getMetadata()
                    .getLabels()).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            Set<String> expected = new TreeSet<>(Set.of("ns:knative-serving", "ns:kourier-system", "ns:istio-system"));
            if (!service.equals(PAYMENTS)) {
                expected.add("ns:knative-eventing");
            }
            assertThat(allSources(policy)).as("sources of %s", service).isEqualTo(expected);
        }
        // the dead letter sink too: only the Broker delivers to it, through the same path
        NetworkPolicy sink = sale.get(NetworkPolicy.class, "dead-letter-sink");
        assertThat(sink.getSpec().getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("serving.knative.dev/service", "dead-letter-sink"));
        assertThat(allSources(sink)).containsExactly("ns:istio-system", "ns:knative-eventing", "ns:knative-serving",
                "ns:kourier-system");
        assertThat(sale.get(Service.class, "dead-letter-sink").getMetadata().getLabels())
                .containsEntry("networking.knative.dev/visibility", "cluster-local");
    }

    @Test
    void plainDeploymentsAcceptOnlyTheirCallersOnTheContainerPort() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Variant.DEPLOYMENTS);

        Map<String, Set<String>> expected = Map.of(
                QUEUE, Set.of("ns:knative-eventing"),
                TICKETS, Set.of("ns:knative-eventing"),
                PAYMENTS, Set.of(TICKETS, GATEWAY),
                GATEWAY, Set.of("ns:knative-eventing", "ns:ingress-nginx"),
                ROUTER, Set.of("ns:knative-eventing", GATEWAY));
        for (String service : Charts.SERVICES) {
            NetworkPolicy policy = sale.get(NetworkPolicy.class, service);
            assertSelectsOnlyItsService(policy, service);
            assertThat(allSources(policy)).as("sources of %s", service).isEqualTo(expected.get(service));
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertThat(rule.getPorts()).as("ports of %s", service).extracting(NetworkPolicyPort::getPort)
                        .containsExactly(new IntOrString(8080));
            }
            assertThat(Workloads.container(sale, service).getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        }
    }

    @Test
    void theIngressNamespacesAndMonitoringAreConfigurable() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Values.of(
                "global.networkPolicy.serving", List.of(namespace("knative-serving"), namespace("contour-internal")),
                "global.networkPolicy.monitoring", List.of(namespace("monitoring"))));

        NetworkPolicy queue = sale.get(NetworkPolicy.class, QUEUE);
        assertThat(allSources(queue)).containsExactly("ns:contour-internal", "ns:knative-eventing", "ns:knative-serving",
                "ns:monitoring");
        assertThat(queue.getSpec().getIngress()).filteredOn(rule -> sources(rule).contains("ns:monitoring"))
                .singleElement().satisfies(rule -> assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort)
                        .containsExactly(new IntOrString(8080)));

        Rendered own = Charts.render(Charts.UMBRELLA, Values.merge(Variant.DEPLOYMENTS.values(Charts.UMBRELLA),
                Values.of("global.networkPolicy.publicIngress", List.of(namespace("traefik")))));
        assertThat(allSources(own.get(NetworkPolicy.class, GATEWAY))).containsExactly("ns:knative-eventing", "ns:traefik");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS"})
    void networkPoliciesCanBeTurnedOff(Variant variant) {
        Map<String, Object> off = Values.merge(variant.values(Charts.UMBRELLA),
                Values.of("global.networkPolicy.enabled", false));

        assertThat(Charts.render(Charts.UMBRELLA, variant).all(NetworkPolicy.class)).hasSize(6);
        assertThat(Charts.render(Charts.UMBRELLA, off).all(NetworkPolicy.class)).isEmpty();
        for (String service : Charts.SERVICES) {
            assertThat(Charts.render(service, variant).all(NetworkPolicy.class)).hasSize(1);
            assertThat(Charts.render(service, Values.merge(variant.values(service),
                    Values.of("global.networkPolicy.enabled", false))).all(NetworkPolicy.class)).isEmpty();
        }
    }

    @Test
    void anEmptyListOfIngressNamespacesIsRefusedRatherThanShuttingEverythingOut() {
        assertThatThrownBy(() -> Charts.render(QUEUE, Values.of("global.networkPolicy.serving", List.of())))
                .hasMessageContaining("serving");
    }

    private static Map<String, Object> namespace(String name) {
        return Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
    }
}
