package io.concertsale.broker.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.broker.identity.EventFilter;
import io.concertsale.broker.identity.EventPolicy;
import io.concertsale.broker.identity.EventPolicyManifests;
import io.concertsale.broker.identity.ServiceAccounts;
import io.concertsale.broker.trigger.BackoffPolicy;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.EventFormat;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerManifests;
import io.concertsale.events.Participants;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code knative/} as the local broker reads them: a cluster applies them and the local broker routes
 * and authorizes by them. Their Triggers and EventPolicies are generated from the event catalog (the event-catalog
 * module's RoutingFilesTest fails when they are stale); this test checks that the broker reads them as Knative would:
 * every Trigger to its service's {@code /events} with the audience it verifies and one delivery spec, every policy
 * naming its producer's SinkBinding identity.
 */
class KnativeManifestsTest {

    /** The services whose Triggers are in the manifests; payments-service consumes nothing, the router makes its own. */
    private static final List<String> SERVICES = List.of(Participants.QUEUE, Participants.TICKETS, Participants.GATEWAY);
    private static final Destination.Ref DEAD_LETTER_SINK = new Destination.Ref("serving.knative.dev/v1", "Service",
            "dead-letter-sink", null);
    private static final DeliverySpec DELIVERY = new DeliverySpec(5, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200),
            Destination.of(DEAD_LETTER_SINK, null), EventFormat.BINARY);

    private static List<TriggerManifests.Manifests> parsed() {
        return KnativeManifests.files().stream().map(file -> TriggerManifests.parse(file.text(), file.name())).toList();
    }

    private static List<Trigger> triggers() {
        return parsed().stream().flatMap(manifests -> manifests.triggers().stream()).toList();
    }

    @Test
    void triggersAreNamedAfterConsumerAndTypeAndShareOneDeliverySpec() {
        assertThat(triggers()).isNotEmpty();
        for (Trigger trigger : triggers()) {
            String consumer = trigger.subscriber().ref().name();
            assertThat(trigger.name()).isEqualTo(consumer + "-" + kebab(trigger.filter().get("type")));
            assertThat(trigger.filter()).as("filter of %s", trigger.name()).containsOnlyKeys("type");
            assertThat(trigger.subscriber().ref()).as("subscriber of %s", trigger.name())
                    .isEqualTo(new Destination.Ref("serving.knative.dev/v1", "Service", consumer, null));
            assertThat(trigger.subscriber().uri()).as("path of %s", trigger.name()).isEqualTo(URI.create("/events"));
            assertThat(trigger.broker()).isEqualTo("default");
            assertThat(trigger.namespace()).as("namespace of %s (left to kubectl or Helm)", trigger.name()).isNull();
            assertThat(trigger.delivery()).as("delivery of %s", trigger.name()).isEqualTo(DELIVERY);
        }
    }

    @Test
    void theBrokerIsTheDefaultInMemoryChannelBrokerWithTheSameDeliverySpec() {
        List<Map<String, Object>> brokers = kinds("Broker");
        assertThat(brokers).singleElement().satisfies(broker -> {
            Map<?, ?> metadata = (Map<?, ?>) broker.get("metadata");
            assertThat(metadata.get("name")).isEqualTo("default");
            assertThat(metadata.containsKey("namespace")).isFalse();
            assertThat(metadata.get("annotations")).isEqualTo(
                    Map.of("eventing.knative.dev/broker.class", "MTChannelBasedBroker"));
        });
        assertThat(parsed().stream().flatMap(manifests -> manifests.brokers().stream()))
                .singleElement().satisfies(broker -> assertThat(broker.delivery()).isEqualTo(DELIVERY));
    }

    @Test
    void everyReferencedServiceIsAnApplicationServiceOrTheDeadLetterSinkOfTheManifests() {
        List<String> services = kinds("Service").stream()
                .map(service -> (String) ((Map<?, ?>) service.get("metadata")).get("name")).toList();
        assertThat(services).containsExactly("dead-letter-sink");
        Set<String> referenced = new TreeSet<>();
        for (Trigger trigger : triggers()) {
            referenced.add(trigger.subscriber().ref().name());
            referenced.add(trigger.delivery().deadLetterSink().ref().name());
        }
        List<String> expected = new ArrayList<>(SERVICES);
        expected.add("dead-letter-sink");
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyTriggerCarriesTheAudienceOfItsConsumer() {
        assertThat(triggers()).isNotEmpty().allSatisfy(trigger -> assertThat(trigger.subscriber().audience())
                .as("spec.subscriber.audience of %s", trigger.name()).isEqualTo(trigger.subscriber().ref().name()));
    }

    @Test
    void everyPolicyLetsItsProducersSinkBindingSendDistinctExactTypesToTheBroker() {
        List<EventPolicy> policies = KnativeManifests.files().stream()
                .flatMap(file -> EventPolicyManifests.parse(file.text(), file.name(), "concert-sale").stream())
                .toList();

        assertThat(policies).extracting(EventPolicy::name).containsExactlyInAnyOrder("frontend-gateway-produces",
                "queue-service-produces", "tickets-service-produces", "payments-service-produces",
                "zeebe-cloud-events-router-produces");
        Set<String> allowed = new TreeSet<>();
        for (EventPolicy policy : policies) {
            String producer = policy.name().substring(0, policy.name().length() - "-produces".length());
            assertThat(policy.to()).as("to of %s", policy.name()).containsExactly("default");
            assertThat(policy.namespace()).as("namespace of %s (left to kubectl or Helm)", policy.name()).isNull();
            assertThat(policy.from()).as("from of %s", policy.name()).containsExactly(ServiceAccounts.subject(
                    "concert-sale", ServiceAccounts.SOURCES_GROUP, "SinkBinding", producer));
            assertThat(policy.filters()).as("filters of %s", policy.name()).singleElement()
                    .isInstanceOfSatisfying(EventFilter.Any.class, any -> {
                        assertThat(any.filters()).isNotEmpty();
                        for (EventFilter filter : any.filters()) {
                            assertThat(filter).isInstanceOf(EventFilter.Exact.class);
                            assertThat(((EventFilter.Exact) filter).attribute()).isEqualTo("type");
                            assertThat(allowed.add(((EventFilter.Exact) filter).value()))
                                    .as("%s allowed by two policies", ((EventFilter.Exact) filter).value()).isTrue();
                        }
                    });
        }
    }

    @Test
    void filesAreNumberedByApplyOrder() {
        assertThat(KnativeManifests.files()).extracting(KnativeManifests.ManifestFile::name).containsExactly(
                "100-broker.yaml", "210-queue-service-triggers.yaml", "220-tickets-service-triggers.yaml",
                "230-frontend-gateway-triggers.yaml", "300-dead-letter-sink.yaml", "400-event-policies.yaml");
    }

    private static List<Map<String, Object>> kinds(String kind) {
        return KnativeManifests.documents().stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    /** {@code Tickets.ReservationRejected} → {@code tickets-reservation-rejected}. */
    private static String kebab(String type) {
        return type.replace(".", "-").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
