package io.concertsale.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPolicyManifestsTest {

    private static final String HEAD = """
            apiVersion: eventing.knative.dev/v1alpha1
            kind: EventPolicy
            metadata:
              name: p
            spec:
            """;

    private static EventPolicy one(String spec) {
        List<EventPolicy> policies = EventPolicyManifests.parse(HEAD + spec, "test.yaml", "concert-sale");
        assertThat(policies).hasSize(1);
        return policies.getFirst();
    }

    private static CloudEvent event(String type, String source) {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create(source)).withType(type).build();
    }

    private static void refused(String spec, String... message) {
        assertThatThrownBy(() -> EventPolicyManifests.parse(HEAD + spec, "test.yaml", "concert-sale"))
                .isInstanceOf(InvalidEventPolicyException.class)
                .hasMessageContaining("test.yaml, document 1 (EventPolicy 'p')")
                .hasMessageContaining(message[0]);
    }

    @Test
    void readsToFromRefsAndSubsAndFilters() {
        EventPolicy policy = one("""
                  to:
                    - ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
                  from:
                    - ref: {apiVersion: sources.knative.dev/v1, kind: SinkBinding, name: tickets-service}
                    - ref: {apiVersion: sources.knative.dev/v1, kind: PingSource, name: tick, namespace: other}
                    - ref: {apiVersion: eventing.knative.dev/v1, kind: Trigger, name: t}
                    - sub: "system:serviceaccount:ops:*"
                  filters:
                    - any:
                        - exact: {type: Tickets.Reserved}
                        - prefix: {type: Tickets.Payment}
                    - not:
                        suffix: {source: ":test"}
                """);

        assertThat(policy.to()).containsExactly("default");
        assertThat(policy.from()).containsExactly(
                "system:serviceaccount:concert-sale:tickets-service-oidc-sources.knative.dev-sinkbinding",
                "system:serviceaccount:other:tick-oidc-sources.knative.dev-pingsource",
                "system:serviceaccount:concert-sale:t-oidc-eventing.knative.dev-trigger",
                "system:serviceaccount:ops:*");
        assertThat(policy.appliesTo("default")).isTrue();
        assertThat(policy.appliesTo("other")).isFalse();
        assertThat(policy.allowsEvent(event("Tickets.Reserved", "urn:concertsale:tickets"))).isTrue();
        assertThat(policy.allowsEvent(event("Tickets.PaymentAuthorized", "urn:concertsale:tickets"))).isTrue();
        assertThat(policy.allowsEvent(event("Tickets.Issued", "urn:concertsale:tickets"))).isFalse();
        assertThat(policy.allowsEvent(event("Tickets.Reserved", "urn:concertsale:test"))).as("not suffix").isFalse();
    }

    @Test
    void filtersFollowTheSubscriptionsApiDialect() {
        CloudEvent reserved = CloudEventBuilder.v1(event("Tickets.Reserved", "urn:concertsale:tickets"))
                .withExtension("region", "eu").build();
        assertThat(new EventFilter.Exact("type", "Tickets.Reserved").matches(reserved)).isTrue();
        assertThat(new EventFilter.Exact("type", "Tickets").matches(reserved)).isFalse();
        assertThat(new EventFilter.Exact("region", "eu").matches(reserved)).as("an extension").isTrue();
        assertThat(new EventFilter.Exact("missing", "eu").matches(reserved)).isFalse();
        assertThat(new EventFilter.Prefix("type", "Tickets.").matches(reserved)).isTrue();
        assertThat(new EventFilter.Prefix("type", "Queue.").matches(reserved)).isFalse();
        assertThat(new EventFilter.Prefix("missing", "x").matches(reserved)).isFalse();
        assertThat(new EventFilter.Suffix("type", ".Reserved").matches(reserved)).isTrue();
        assertThat(new EventFilter.Suffix("type", ".Issued").matches(reserved)).isFalse();
        EventFilter yes = new EventFilter.Exact("region", "eu");
        EventFilter no = new EventFilter.Exact("region", "us");
        assertThat(new EventFilter.All(List.of(yes, yes)).matches(reserved)).isTrue();
        assertThat(new EventFilter.All(List.of(yes, no)).matches(reserved)).isFalse();
        assertThat(new EventFilter.Any(List.of(no, yes)).matches(reserved)).isTrue();
        assertThat(new EventFilter.Any(List.of(no, no)).matches(reserved)).isFalse();
        assertThat(new EventFilter.Not(no).matches(reserved)).isTrue();
        assertThat(new EventFilter.Not(yes).matches(reserved)).isFalse();
    }

    @Test
    void everyFilterOfAPolicyMustMatchAndNoFilterAllowsAnything() {
        EventPolicy both = one("""
                  from: [{sub: x}]
                  filters:
                    - prefix: {type: Tickets.}
                    - suffix: {type: .Reserved}
                """);
        EventPolicy none = one("""
                  from: [{sub: x}]
                """);

        assertThat(both.allowsEvent(event("Tickets.Reserved", "urn:a"))).isTrue();
        assertThat(both.allowsEvent(event("Tickets.Issued", "urn:a"))).isFalse();
        assertThat(both.allowsEvent(event("Queue.Reserved", "urn:a"))).isFalse();
        assertThat(none.allowsEvent(event("Anything.AtAll", "urn:a"))).isTrue();
        assertThat(none.to()).isEmpty();
        assertThat(none.appliesTo("default")).as("no to: every resource of the namespace").isTrue();
    }

    @Test
    void subjectsMatchExactlyOrByATrailingStar() {
        assertThat(EventPolicy.matches("system:serviceaccount:a:b", "system:serviceaccount:a:b")).isTrue();
        assertThat(EventPolicy.matches("system:serviceaccount:a:b", "system:serviceaccount:a:bc")).isFalse();
        assertThat(EventPolicy.matches("system:serviceaccount:a:*", "system:serviceaccount:a:bc")).isTrue();
        assertThat(EventPolicy.matches("system:serviceaccount:a:*", "system:serviceaccount:ab:c")).isFalse();
        assertThat(EventPolicy.matches("*", "anyone")).isTrue();
        EventPolicy policy = one("""
                  from: [{sub: "system:serviceaccount:concert-sale:tickets-*"}, {sub: exact-one}]
                """);
        assertThat(policy.allowsSender("system:serviceaccount:concert-sale:tickets-service")).isTrue();
        assertThat(policy.allowsSender("exact-one")).isTrue();
        assertThat(policy.allowsSender("exact-one-more")).isFalse();
        assertThat(policy.allowsSender("system:serviceaccount:concert-sale:queue-service")).isFalse();
    }

    @Test
    void unknownFieldsAndUnsupportedFeaturesAreRefusedWithAClearMessage() {
        refused("  from: [{sub: x}]\n  filter: []\n", "unknown field spec.filter");
        refused("  from: [{sub: x}]\n  filters: [{cesql: \"type = 'a'\"}]\n",
                "spec.filters[0].cesql: CloudEvents SQL filters are not supported");
        refused("  from: [{sub: x}]\n  filters: [{exact: {type: a}, prefix: {type: b}}]\n",
                "spec.filters[0] needs exactly one of");
        refused("  from: [{sub: x}]\n  filters: [{exact: {type: a, source: b}}]\n",
                "spec.filters[0].exact must be a mapping of exactly one attribute");
        refused("  from: [{sub: x}]\n  filters: [{any: [{exact: {Type: a}}]}]\n",
                "spec.filters[0].any[0].exact.Type: attribute names are lower-case");
        refused("  from: [{sub: x}]\n  filters: [{prefix: {type: \"\"}}]\n", "must not be empty");
        refused("  from: [{sub: x}]\n  filters: [{not: {exakt: {type: a}}}]\n", "unknown field spec.filters[0].not.exakt");
        refused("  from: []\n", "spec.from needs at least one entry");
        refused("  from: [{sub: x, ref: {apiVersion: sources.knative.dev/v1, kind: SinkBinding, name: a}}]\n",
                "spec.from[0] needs exactly one of ref and sub");
        refused("  from: [{sub: \"a*b\"}]\n", "a '*' may only end the subject");
        refused("  from: [{ref: {apiVersion: v1, kind: ServiceAccount, name: a}}]\n",
                "spec.from[0].ref.kind ServiceAccount has no identity the local broker knows");
        refused("  from: [{ref: {apiVersion: eventing.knative.dev/v1, kind: SinkBinding, name: a}}]\n",
                "is not of sources.knative.dev");
        refused("  from: [{sub: x}]\n  to: [{selector: {apiVersion: eventing.knative.dev/v1, kind: Broker}}]\n",
                "spec.to[0].selector is not supported by the local broker");
        refused("  from: [{sub: x}]\n  to: [{ref: {apiVersion: messaging.knative.dev/v1, kind: Channel, name: c}}]\n",
                "enforces policies on its Broker only");
        assertThatThrownBy(() -> EventPolicyManifests.parse(HEAD.replace("v1alpha1", "v1beta1") + "  from: [{sub: x}]",
                "test.yaml", "concert-sale")).hasMessageContaining("the local broker reads eventing.knative.dev/v1alpha1");
    }

    @Test
    void otherKindsAreSkipped() {
        String yaml = """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec: {broker: default, subscriber: {uri: "http://x"}}
                ---
                """ + HEAD + "  from: [{sub: x}]\n";

        assertThat(EventPolicyManifests.parse(yaml, "test.yaml", "concert-sale")).extracting(EventPolicy::name)
                .containsExactly("p");
    }
}
