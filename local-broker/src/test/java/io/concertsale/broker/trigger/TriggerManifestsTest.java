package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerManifestsTest {

    private static final String TRIGGER = """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: tickets-service-tickets-requested
              labels:
                app.kubernetes.io/part-of: concert-sale
            spec:
              broker: default
              filter:
                attributes:
                  type: Tickets.Requested
                  correlationkey: ""
              subscriber:
                ref:
                  apiVersion: serving.knative.dev/v1
                  kind: Service
                  name: tickets-service
                uri: /events
              delivery:
                retry: 5
                backoffPolicy: linear
                backoffDelay: PT0.2S
                deadLetterSink:
                  ref:
                    apiVersion: serving.knative.dev/v1
                    kind: Service
                    name: dead-letter-sink
            """;

    @Test
    void readsEveryPartOfATrigger() {
        Trigger trigger = TriggerManifests.parseTrigger(TRIGGER, "test.yaml");

        assertThat(trigger.name()).isEqualTo("tickets-service-tickets-requested");
        assertThat(trigger.namespace()).isNull();
        assertThat(trigger.broker()).isEqualTo("default");
        assertThat(trigger.filter()).containsExactlyInAnyOrderEntriesOf(
                Map.of("type", "Tickets.Requested", "correlationkey", ""));
        assertThat(trigger.subscriber().ref()).isEqualTo(
                new Destination.Ref("serving.knative.dev/v1", "Service", "tickets-service", null));
        assertThat(trigger.subscriber().uri()).isEqualTo(URI.create("/events"));
        assertThat(trigger.delivery().retry()).isEqualTo(5);
        assertThat(trigger.delivery().backoffPolicy()).isEqualTo(BackoffPolicy.LINEAR);
        assertThat(trigger.delivery().backoffDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(trigger.delivery().deadLetterSink().ref().name()).isEqualTo("dead-letter-sink");
        assertThat(trigger.delivery().format()).isEqualTo(EventFormat.BINARY);
        assertThat(trigger.origin()).isEqualTo("test.yaml");
    }

    @Test
    void deliveryDefaultsToOneTryWithExponentialBackoff() {
        Trigger trigger = TriggerManifests.parseTrigger("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec:
                  broker: default
                  subscriber: {uri: "http://localhost:9000/in"}
                  delivery: {format: json}
                """, "test");

        assertThat(trigger.delivery()).isEqualTo(new DeliverySpec(0, BackoffPolicy.EXPONENTIAL,
                DeliverySpec.DEFAULT_BACKOFF_DELAY, null, EventFormat.JSON));
        assertThat(trigger.subscriber()).isEqualTo(Destination.of(URI.create("http://localhost:9000/in")));
        assertThat(trigger.filter()).isEmpty();
    }

    @Test
    void aTriggerWithoutDeliveryLeavesItToTheBroker() {
        Trigger trigger = TriggerManifests.parseTrigger("""
                {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": "json-trigger"},
                 "spec": {"broker": "default", "subscriber": {"uri": "http://localhost:9000"}}}
                """, "test");

        assertThat(trigger.name()).isEqualTo("json-trigger");
        assertThat(trigger.delivery()).isNull();
    }

    @Test
    void readsTriggersAndBrokersOfAMultiDocumentFileAndSkipsOtherKinds() {
        TriggerManifests.Manifests manifests = TriggerManifests.parse("""
                # a comment before the first document
                ---
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                metadata:
                  name: default
                  annotations:
                    eventing.knative.dev/broker.class: MTChannelBasedBroker
                spec:
                  delivery: {retry: 2, backoffDelay: PT1S}
                ---
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata: {name: dead-letter-sink}
                spec: {template: {spec: {containers: [{image: event_display}]}}, anything: goes}
                ---
                apiVersion: triggers.tekton.dev/v1beta1
                kind: Trigger
                metadata: {name: not-knative}
                spec: {interceptors: []}
                ---
                """ + TRIGGER + """
                ---
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: second, namespace: sale}
                spec: {broker: other, subscriber: {uri: "http://localhost:1"}}
                """, "all.yaml");

        assertThat(manifests.triggers()).extracting(Trigger::name)
                .containsExactly("tickets-service-tickets-requested", "second");
        assertThat(manifests.triggers().get(1).namespace()).isEqualTo("sale");
        assertThat(manifests.brokers()).singleElement().satisfies(broker -> {
            assertThat(broker.name()).isEqualTo("default");
            assertThat(broker.delivery().retry()).isEqualTo(2);
            assertThat(broker.delivery().backoffDelay()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void misspelledFieldFailsNamingFileDocumentTriggerAndField() {
        String misspelled = TRIGGER.replace("retry: 5", "retires: 5");

        assertThatThrownBy(() -> TriggerManifests.parse(misspelled, "200-triggers.yaml"))
                .isInstanceOf(InvalidTriggerException.class)
                .hasMessageContaining("200-triggers.yaml, document 1")
                .hasMessageContaining("Trigger 'tickets-service-tickets-requested'")
                .hasMessageContaining("unknown field spec.delivery.retires")
                .hasMessageContaining("backoffDelay, backoffPolicy, deadLetterSink, format, retry");
    }

    @Test
    void subscriberAudienceIsReadAndMustBeANonBlankString() {
        String withAudience = TRIGGER.replace("    uri: /events\n", "    uri: /events\n    audience: tickets-service\n");

        assertThat(TriggerManifests.parseTrigger(withAudience, "t.yaml").subscriber().audience())
                .isEqualTo("tickets-service");
        assertThat(TriggerManifests.parseTrigger(TRIGGER, "t.yaml").subscriber().audience()).isNull();
        assertThatThrownBy(() -> TriggerManifests.parse(withAudience.replace("audience: tickets-service",
                "audience: \"  \""), "t.yaml")).hasMessageContaining("spec.subscriber.audience must be a non-blank string");
        assertThatThrownBy(() -> TriggerManifests.parse(withAudience.replace("audience: tickets-service",
                "audience: 42"), "t.yaml")).hasMessageContaining("spec.subscriber.audience must be a non-blank string");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("        name: dead-letter-sink\n",
                "        name: dead-letter-sink\n      audience: dls\n"), "t.yaml"))
                .hasMessageContaining("spec.delivery.deadLetterSink.audience");
    }

    @Test
    void misspelledFilterKeyFails() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("attributes:", "atributes:"), "t.yaml"))
                .hasMessageContaining("unknown field spec.filter.atributes");
    }

    @Test
    void misspelledTopLevelFieldFails() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("spec:", "spc:"), "t.yaml"))
                .hasMessageContaining("unknown field spc");
    }

    @Test
    void filterAttributeNamesMustBeCloudEventAttributeNames() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("correlationkey:", "correlationKey:"), "t.yaml"))
                .hasMessageContaining("spec.filter.attributes.correlationKey")
                .hasMessageContaining("lower-case letters and digits");
    }

    @Test
    void filterValuesMustBeStrings() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("correlationkey: \"\"", "amount: 10"), "t.yaml"))
                .hasMessageContaining("spec.filter.attributes.amount must be a string");
    }

    @Test
    void unsupportedKnativeFeaturesFailInsteadOfBeingIgnored() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("  filter:", "  filters: []\n  filter:"), "t.yaml"))
                .hasMessageContaining("spec.filters")
                .hasMessageContaining("not supported");
    }

    @Test
    void wrongValuesFailWithTheReason() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("backoffPolicy: linear", "backoffPolicy: fibonacci"), "t"))
                .hasMessageContaining("backoffPolicy must be exponential or linear");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("PT0.2S", "200ms"), "t"))
                .hasMessageContaining("'200ms' is not an ISO-8601 duration");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("retry: 5", "retry: -1"), "t"))
                .hasMessageContaining("retry must be a whole number of at least 0");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("retry: 5", "retry: five"), "t"))
                .hasMessageContaining("retry must be a whole number");
    }

    @Test
    void destinationsFollowKnativeRules() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("uri: /events", "uri: http://elsewhere/events"), "t"))
                .hasMessageContaining("Absolute URI is not allowed when ref is present");
        assertThatThrownBy(() -> TriggerManifests.parse("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec: {broker: default, subscriber: {uri: /events}}
                """, "t"))
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> TriggerManifests.parse("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec: {broker: default, subscriber: {}}
                """, "t"))
                .hasMessageContaining("spec.subscriber needs a ref or a uri");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("      name: tickets-service\n", "\n"), "t"))
                .hasMessageContaining("spec.subscriber.ref.name is required");
    }

    @Test
    void requiredPartsAreRequired() {
        assertThatThrownBy(() -> TriggerManifests.parse("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec: {subscriber: {uri: "http://localhost:1"}}
                """, "t"))
                .hasMessageContaining("spec.broker is required");
        assertThatThrownBy(() -> TriggerManifests.parse("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: Not_A_Name}
                spec: {broker: default, subscriber: {uri: "http://localhost:1"}}
                """, "t"))
                .hasMessageContaining("'Not_A_Name' is not a valid Kubernetes name");
    }

    @Test
    void otherApiVersionsOfKnativeTriggersFail() {
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("eventing.knative.dev/v1", "eventing.knative.dev/v1beta1"), "t"))
                .hasMessageContaining("reads eventing.knative.dev/v1");
    }

    @Test
    void invalidYamlAndDuplicateKeysFail() {
        assertThatThrownBy(() -> TriggerManifests.parse("kind: [unclosed", "broken.yaml"))
                .hasMessageContaining("broken.yaml: not valid YAML");
        assertThatThrownBy(() -> TriggerManifests.parse(TRIGGER.replace("  broker: default", "  broker: default\n  broker: other"), "t"))
                .hasMessageContaining("duplicate key");
    }

    @Test
    void aPutBodyMustBeExactlyOneTrigger() {
        assertThatThrownBy(() -> TriggerManifests.parseTrigger(TRIGGER + "---\n" + TRIGGER, "api"))
                .hasMessageContaining("expected one Trigger manifest, found 2 documents");
        assertThatThrownBy(() -> TriggerManifests.parseTrigger("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}", "api"))
                .hasMessageContaining("expected a Trigger");
    }
}
