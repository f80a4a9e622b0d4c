package io.concertsale.router.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.router.config.RouterProperties;
import io.fabric8.knative.eventing.v1.Trigger;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Trigger manifests the router ensures: names, labels, filter, subscriber and delivery. */
class TriggerManifestsTest {

    private static RouterProperties.Triggers settings(String namespace, String uri, String deadLetterSink) {
        return new RouterProperties.Triggers(RouterProperties.TriggerMode.KNATIVE, "default", namespace,
                URI.create("http://localhost:8090"), null, "zeebe-router",
                new RouterProperties.Subscriber("serving.knative.dev/v1", "Service", "zeebe-cloud-events-router", uri),
                new RouterProperties.Delivery(5, RouterProperties.BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200),
                        deadLetterSink));
    }

    private final TriggerManifests manifests = new TriggerManifests(settings("", "", "dead-letter-sink"),
            "zeebe-cloud-events-router");

    @Test
    void eventTypesBecomeKebabCaseDnsLabels() {
        assertThat(TriggerManifests.kebab("Queue.CustomerJoined")).isEqualTo("queue-customer-joined");
        assertThat(TriggerManifests.kebab("Payments.MoneyTransferAccepted")).isEqualTo("payments-money-transfer-accepted");
        assertThat(TriggerManifests.kebab("HTTPRequest.Sent")).isEqualTo("http-request-sent");
        assertThat(TriggerManifests.kebab("com.example.order_v2.created")).isEqualTo("com-example-order-v2-created");
        assertThat(TriggerManifests.kebab("Order2Shipped")).isEqualTo("order2-shipped");
        assertThat(TriggerManifests.kebab("..Weird__Name..")).isEqualTo("weird-name");
    }

    @Test
    void namesArePrefixedAndFitSixtyThreeCharactersKeepingDistinctTypesDistinct() {
        String longType = "Com.Example.Very.Long.Domain.Name.With.Many.Segments.Something.Happened";
        String otherLongType = longType + "Again";

        assertThat(manifests.name("Queue.CustomerJoined")).isEqualTo("zeebe-router-queue-customer-joined");
        assertThat(manifests.repliesName()).isEqualTo("zeebe-router-replies");
        assertThat(manifests.name(longType)).hasSizeLessThanOrEqualTo(63).startsWith("zeebe-router-com-example")
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(manifests.name(otherLongType)).hasSizeLessThanOrEqualTo(63).isNotEqualTo(manifests.name(longType));
        assertThat(manifests.name("Ümlaut.Only")).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void aMessageTriggerFiltersOnItsTypeAndSubscribesTheRouter() {
        Trigger trigger = manifests.forMessage("Queue.CustomerJoined");

        assertThat(trigger.getApiVersion()).isEqualTo("eventing.knative.dev/v1");
        assertThat(trigger.getKind()).isEqualTo("Trigger");
        assertThat(trigger.getMetadata().getName()).isEqualTo("zeebe-router-queue-customer-joined");
        assertThat(trigger.getMetadata().getNamespace()).isNull();
        assertThat(trigger.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "zeebe-cloud-events-router")
                .containsEntry("zeebe-cloud-events-router/message", "queue-customer-joined");
        assertThat(trigger.getMetadata().getAnnotations())
                .containsEntry("zeebe-cloud-events-router/event-type", "Queue.CustomerJoined");
        assertThat(trigger.getSpec().getBroker()).isEqualTo("default");
        assertThat(trigger.getSpec().getFilter().getAttributes()).containsExactly(
                java.util.Map.entry("type", "Queue.CustomerJoined"));
        assertThat(trigger.getSpec().getSubscriber().getRef().getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(trigger.getSpec().getSubscriber().getRef().getKind()).isEqualTo("Service");
        assertThat(trigger.getSpec().getSubscriber().getRef().getName()).isEqualTo("zeebe-cloud-events-router");
        assertThat(trigger.getSpec().getSubscriber().getRef().getNamespace()).isNull();
        assertThat(trigger.getSpec().getSubscriber().getUri()).isNull();
        assertThat(trigger.getSpec().getDelivery().getRetry()).isEqualTo(5);
        assertThat(trigger.getSpec().getDelivery().getBackoffPolicy()).isEqualTo("exponential");
        assertThat(trigger.getSpec().getDelivery().getBackoffDelay()).isEqualTo("PT0.2S");
        assertThat(trigger.getSpec().getDelivery().getDeadLetterSink().getRef().getKind()).isEqualTo("Service");
        assertThat(trigger.getSpec().getDelivery().getDeadLetterSink().getRef().getName()).isEqualTo("dead-letter-sink");
    }

    @Test
    void theRepliesTriggerMatchesEveryEventWithAJobKey() {
        Trigger trigger = manifests.forReplies();

        assertThat(trigger.getMetadata().getName()).isEqualTo("zeebe-router-replies");
        assertThat(trigger.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
                "zeebe-cloud-events-router").doesNotContainKey("zeebe-cloud-events-router/message");
        assertThat(trigger.getSpec().getFilter().getAttributes()).containsExactly(java.util.Map.entry("jobkey", ""));
    }

    @Test
    void aConfiguredNamespaceUriAndNoDeadLetterSinkShowInTheManifest() {
        Trigger trigger = new TriggerManifests(settings("sale", "/events", ""), "zeebe-cloud-events-router")
                .forMessage("Queue.CustomerJoined");

        assertThat(trigger.getSpec().getSubscriber().getRef().getNamespace()).isEqualTo("sale");
        assertThat(trigger.getSpec().getSubscriber().getUri()).isEqualTo("/events");
        assertThat(trigger.getSpec().getSubscriber().getAudience()).as("deliveries carry a token for the router")
                .isEqualTo("zeebe-cloud-events-router");
        assertThat(trigger.getSpec().getDelivery().getDeadLetterSink()).isNull();
    }

    @Test
    void theTriggersToEnsureAreTheSortedMessagesThenTheReplies() {
        assertThat(Manifests.of(manifests, java.util.List.of("B.Second", "A.First", "B.Second"), true).stream()
                .map(trigger -> trigger.getMetadata().getName()))
                .containsExactly("zeebe-router-a-first", "zeebe-router-b-second", "zeebe-router-replies");
        assertThat(Manifests.of(manifests, java.util.List.of("A.First"), false)).hasSize(1);
    }
}
