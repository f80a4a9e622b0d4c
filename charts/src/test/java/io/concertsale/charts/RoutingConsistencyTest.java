package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import io.concertsale.events.Participants;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.EventPolicy;
import io.fabric8.knative.eventing.v1alpha1.EventPolicySpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One source of truth for routing: the event catalog says who produces and who consumes what, and the event-catalog
 * module's RoutingFilesTest generates from it the Triggers and EventPolicies of {@code knative/} (which the local broker
 * reads too) and the {@code triggers.types} and {@code events.produces} of each service chart. Two renderers remain,
 * Helm's templates and that generator: the charts' Triggers must be those of {@code knative/}, Trigger for Trigger, and
 * the EventPolicies the charts render (each sink mode and workload, umbrella and chart alone) must let each producer
 * send exactly the types the catalog says it produces, as {@code knative/400-event-policies.yaml} does.
 */
class RoutingConsistencyTest {

    /** The services whose Triggers are static; payments-service consumes nothing, the router makes its own. */
    private static final List<String> SUBSCRIBERS = List.of(Participants.QUEUE, Participants.TICKETS,
            Participants.GATEWAY);
    private static final Set<String> PARTICIPANTS = Set.of(Participants.QUEUE, Participants.TICKETS,
            Participants.PAYMENTS, Participants.GATEWAY, Participants.ROUTER);

    private static Map<String, Trigger> chartTriggers() {
        return byName(Charts.render(Charts.UMBRELLA, Variant.DEFAULTS).all(Trigger.class));
    }

    private static Map<String, Trigger> knativeTriggers() {
        return byName(KnativeFiles.top().stream().map(Manifest::resource).filter(Trigger.class::isInstance)
                .map(Trigger.class::cast).toList());
    }

    private static Map<String, Trigger> byName(List<Trigger> triggers) {
        Map<String, Trigger> byName = triggers.stream()
                .collect(Collectors.toMap(trigger -> trigger.getMetadata().getName(), Function.identity(), (a, b) -> {
                    throw new AssertionError("two Triggers named " + a.getMetadata().getName());
                }, TreeMap::new));
        assertThat(byName).hasSize(triggers.size());
        return byName;
    }

    private static Set<String> typesFor(Map<String, Trigger> triggers, String subscriber) {
        return triggers.values().stream()
                .filter(trigger -> trigger.getSpec().getSubscriber().getRef().getName().equals(subscriber))
                .map(trigger -> trigger.getSpec().getFilter().getAttributes().get("type"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theChartsRenderExactlyTheTriggersOfKnative() {
        Map<String, Trigger> charts = chartTriggers();
        Map<String, Trigger> knative = knativeTriggers();

        assertThat(knative).isNotEmpty();
        assertThat(charts.keySet()).isEqualTo(knative.keySet());
        knative.forEach((name, trigger) -> assertThat(charts.get(name).getSpec()).as("spec of Trigger %s", name)
                .isEqualTo(trigger.getSpec()));
        // the standalone service charts render the very same Triggers as the umbrella
        for (String service : SUBSCRIBERS) {
            Map<String, Trigger> alone = byName(Charts.render(service, Variant.DEFAULTS).all(Trigger.class));
            alone.forEach((name, trigger) -> assertThat(trigger.getSpec()).as("spec of %s alone", name)
                    .isEqualTo(knative.get(name).getSpec()));
            assertThat(alone.keySet()).as("Triggers of charts/%s alone", service).isNotEmpty()
                    .isEqualTo(knative.keySet().stream().filter(name -> name.startsWith(service + "-"))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void theRoutersTriggersAreLeftToTheRouterAndPaymentsConsumesNothing() {
        Map<String, Trigger> all = new TreeMap<>(knativeTriggers());
        all.putAll(chartTriggers());

        assertThat(EventCatalog.consumedBy(Participants.PAYMENTS)).isEmpty();
        assertThat(typesFor(all, Participants.PAYMENTS)).isEmpty();
        assertThat(EventCatalog.consumedBy(Participants.ROUTER)).isNotEmpty();
        assertThat(typesFor(all, Participants.ROUTER)).as("Triggers to the router in knative/ or the charts").isEmpty();
        assertThat(all.keySet()).noneMatch(name -> name.startsWith("zeebe-router-"));
        // what the router will subscribe to when a model waits for it has a producer all the same
        for (String type : EventCatalog.consumedBy(Participants.ROUTER)) {
            assertThat(PARTICIPANTS).as("producer of %s", type).contains(EventCatalog.get(type).producer());
        }
    }

    @Test
    void everyConsumerInTheCatalogIsOneOfTheSalesServices() {
        for (EventDefinition definition : EventCatalog.all()) {
            assertThat(PARTICIPANTS).as("consumers of %s", definition.type()).containsAll(definition.consumers());
        }
    }

    private static Map<String, EventPolicy> policies(List<Manifest> manifests) {
        Map<String, EventPolicy> byName = new TreeMap<>();
        manifests.stream().map(Manifest::resource).filter(EventPolicy.class::isInstance).map(EventPolicy.class::cast)
                .forEach(policy -> assertThat(byName.put(policy.getMetadata().getName(), policy))
                        .as("two EventPolicies named %s", policy.getMetadata().getName()).isNull());
        return byName;
    }

    /** The types an EventPolicy lets through: its one filter, any of exact types. */
    private static Set<String> policyTypes(EventPolicy policy) {
        var filters = policy.getSpec().getFilters();
        assertThat(filters).as("filters of %s", policy.getMetadata().getName()).hasSize(1);
        var any = filters.getFirst().getAny();
        assertThat(any).as("any of %s", policy.getMetadata().getName()).isNotEmpty();
        Set<String> types = new TreeSet<>();
        for (var filter : any) {
            assertThat(filter.getExact()).as("filter of %s", policy.getMetadata().getName()).containsOnlyKeys("type");
            assertThat(types.add(filter.getExact().get("type"))).as("type listed twice").isTrue();
        }
        return types;
    }

    private static Set<String> producedBy(String service) {
        return EventCatalog.all().stream().filter(definition -> definition.producer().equals(service))
                .map(EventDefinition::type).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {Participants.QUEUE, Participants.TICKETS, Participants.PAYMENTS, Participants.GATEWAY,
            Participants.ROUTER})
    void eachProducerMaySendExactlyTheTypesTheCatalogSaysItProducesInTheChartsAndKnative(String service) {
        Set<String> catalog = producedBy(service);
        String name = service + "-produces";

        assertThat(catalog).as("what the catalog says %s produces", service).isNotEmpty();
        assertThat(policyTypes(policies(KnativeFiles.top()).get(name))).as("knative/ policy of %s", service)
                .isEqualTo(catalog);
        for (Variant variant : List.of(Variant.DEFAULTS, Variant.SINK_BINDINGS, Variant.DEPLOYMENTS)) {
            assertThat(policyTypes(policies(Charts.render(Charts.UMBRELLA, variant).manifests()).get(name)))
                    .as("the umbrella's policy of %s with %s", service, variant).isEqualTo(catalog);
            assertThat(policyTypes(policies(Charts.render(service, variant).manifests()).get(name)))
                    .as("the policy of charts/%s with %s", service, variant).isEqualTo(catalog);
        }
    }

    @Test
    void theChartsRenderOnePolicyPerProducerAndNoTypeHasTwoProducers() {
        Map<String, EventPolicy> knative = policies(KnativeFiles.top());
        Map<String, EventPolicy> charts = policies(Charts.render(Charts.UMBRELLA, Variant.DEFAULTS).manifests());

        Set<String> expected = PARTICIPANTS.stream().map(service -> service + "-produces")
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(charts.keySet()).isEqualTo(expected).isEqualTo(knative.keySet());
        Set<String> allowed = new TreeSet<>();
        for (EventPolicy policy : charts.values()) {
            for (String type : policyTypes(policy)) {
                assertThat(allowed.add(type)).as("%s allowed by two policies", type).isTrue();
            }
        }
        // every type of the catalog has its producer's policy: nothing the sale states is left unauthorized
        assertThat(allowed).isEqualTo(EventCatalog.all().stream().map(EventDefinition::type)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void withSinkBindingsTheChartsRenderExactlyThePoliciesOfKnative() {
        Map<String, EventPolicy> knative = policies(KnativeFiles.top());
        Map<String, EventPolicy> charts = policies(Charts.render(Charts.UMBRELLA, Variant.SINK_BINDINGS).manifests());

        assertThat(charts.keySet()).isEqualTo(knative.keySet());
        knative.forEach((name, policy) -> {
            assertThat(charts.get(name).getSpec()).as("spec of EventPolicy %s", name).isEqualTo(policy.getSpec());
            assertThat(charts.get(name).getMetadata().getLabels()).as("labels of %s", name)
                    .containsAllEntriesOf(policy.getMetadata().getLabels());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULTS", "DEPLOYMENTS", "KAFKA_BROKER"})
    void sendingStraightToTheBrokerEachProducerIsItsOwnServiceAccount(Variant variant) {
        Map<String, EventPolicy> knative = policies(KnativeFiles.top());
        Rendered sale = Charts.render(Charts.UMBRELLA, variant);
        Map<String, EventPolicy> charts = policies(sale.manifests());

        assertThat(charts.keySet()).isEqualTo(knative.keySet());
        for (String service : PARTICIPANTS) {
            String name = service + "-produces";
            EventPolicySpec spec = charts.get(name).getSpec();
            // the same Broker and types as knative/, only the sender named by its service account instead
            assertThat(spec.getTo()).isEqualTo(knative.get(name).getSpec().getTo());
            assertThat(spec.getFilters()).isEqualTo(knative.get(name).getSpec().getFilters());
            assertThat(spec.getFrom()).singleElement().satisfies(from -> {
                assertThat(from.getRef()).isNull();
                assertThat(from.getSub()).isEqualTo("system:serviceaccount:" + Charts.NAMESPACE + ":"
                        + Workloads.serviceAccountName(sale, service));
            });
            assertThat(Workloads.serviceAccountName(sale, service)).isEqualTo(service);
        }
    }

    @Test
    void theUmbrellaInstallsTheBrokerOfKnativeInEachClass() {
        Broker memory = Charts.render(Charts.UMBRELLA, Variant.DEFAULTS).get(Broker.class, "default");
        Broker kafka = Charts.render(Charts.UMBRELLA, Variant.KAFKA_BROKER).get(Broker.class, "default");

        assertSameBroker(memory, KnativeFiles.top());
        assertSameBroker(kafka, KnativeFiles.kafka());
        assertThat(memory.getMetadata().getAnnotations())
                .containsEntry("eventing.knative.dev/broker.class", "MTChannelBasedBroker");
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("eventing.knative.dev/broker.class", "Kafka");
    }

    @Test
    void aKafkaBrokerOfTheSalesOwnUsesTheConfigMapTheUmbrellaCreates() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Values.merge(Variant.KAFKA_BROKER.values(Charts.UMBRELLA),
                Values.of("broker.kafka.config.create", true, "broker.kafka.config.name", "sale-kafka",
                        "broker.kafka.config.bootstrapServers", "kafka-bootstrap.kafka.svc.cluster.local:9092",
                        "broker.kafka.config.topicReplicationFactor", 3)));

        var config = sale.get(Broker.class, "default").getSpec().getConfig();
        assertThat(config.getKind()).isEqualTo("ConfigMap");
        assertThat(config.getName()).isEqualTo("sale-kafka");
        assertThat(config.getNamespace()).isEqualTo(Charts.NAMESPACE);
        assertThat(sale.get(ConfigMap.class, "sale-kafka").getData())
                .containsEntry("bootstrap.servers", "kafka-bootstrap.kafka.svc.cluster.local:9092")
                .containsEntry("default.topic.partitions", "10")
                .containsEntry("default.topic.replication.factor", "3");
    }

    @Test
    void aKafkaConfigMapOfTheSalesOwnHasTheReplicationFactorTheUserChoseForTheirCluster() {
        Map<String, Object> ownConfig = Values.merge(Variant.KAFKA_BROKER.values(Charts.UMBRELLA),
                Values.of("broker.kafka.config.create", true, "broker.kafka.config.name", "sale-kafka",
                        "broker.kafka.config.bootstrapServers", "kafka.kafka.svc.cluster.local:9092"));

        // three copies need three Kafka brokers: no default that a small cluster cannot meet
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, ownConfig))
                .hasMessageContaining("broker.kafka.config.topicReplicationFactor is required");
        Rendered singleBroker = Charts.render(Charts.UMBRELLA,
                Values.merge(ownConfig, Values.of("broker.kafka.config.topicReplicationFactor", 1)));
        assertThat(singleBroker.get(ConfigMap.class, "sale-kafka").getData())
                .containsEntry("default.topic.replication.factor", "1");
        // Knative's own ConfigMap (the default) is left alone
        assertThat(Charts.render(Charts.UMBRELLA, Variant.KAFKA_BROKER).all(ConfigMap.class)).isEmpty();
    }

    @Test
    void theUmbrellaInstallsTheDeadLetterSinkOfKnative() {
        Service chart = Charts.render(Charts.UMBRELLA, Variant.DEFAULTS).get(Service.class, "dead-letter-sink");
        Service knative = knativeDeadLetterSink();

        assertThat(chart.getSpec()).isEqualTo(knative.getSpec());
        assertThat(chart.getMetadata().getLabels()).containsEntry("networking.knative.dev/visibility",
                knative.getMetadata().getLabels().get("networking.knative.dev/visibility"));
    }

    @Test
    void theDeadLetterSinkIsClusterLocalPinnedAndRestricted() {
        Service chart = Charts.render(Charts.UMBRELLA, Variant.DEFAULTS).get(Service.class, "dead-letter-sink");
        Service knative = knativeDeadLetterSink();

        for (Service sink : List.of(chart, knative)) {
            assertThat(sink.getMetadata().getLabels()).containsEntry("networking.knative.dev/visibility", "cluster-local");
            var pod = sink.getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            var container = pod.getContainers().getFirst();
            assertThat(container.getImage()).matches(".+:[^:/]+").doesNotEndWith(":latest");
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
        // by digest instead of the tag
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Service byDigest = Charts.render(Charts.UMBRELLA, Values.of("deadLetterSink.image.digest", digest))
                .get(Service.class, "dead-letter-sink");
        assertThat(byDigest.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("gcr.io/knative-releases/knative.dev/eventing/cmd/event_display@" + digest);
        // never latest
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("deadLetterSink.image.tag", "latest")))
                .hasMessageContaining("tag");
    }

    private static void assertSameBroker(Broker chart, List<Manifest> files) {
        Broker knative = files.stream().map(Manifest::resource).filter(Broker.class::isInstance).map(Broker.class::cast)
                .collect(Collectors.collectingAndThen(Collectors.toList(), brokers -> {
                    assertThat(brokers).as("Brokers of the knative/ files").hasSize(1);
                    return brokers.getFirst();
                }));
        assertThat(chart.getMetadata().getName()).isEqualTo(knative.getMetadata().getName());
        assertThat(chart.getMetadata().getAnnotations()).isEqualTo(knative.getMetadata().getAnnotations());
        assertThat(chart.getSpec()).isEqualTo(knative.getSpec());
    }

    /** The dead letter sink of the plain Knative manifests (knative/300-dead-letter-sink.yaml). */
    private static Service knativeDeadLetterSink() {
        return KnativeFiles.top().stream().map(Manifest::resource).filter(Service.class::isInstance)
                .map(Service.class::cast).filter(service -> service.getMetadata().getName().equals("dead-letter-sink"))
                .findFirst().orElseThrow();
    }
}
