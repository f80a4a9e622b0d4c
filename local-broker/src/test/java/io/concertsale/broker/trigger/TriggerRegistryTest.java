package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerRegistryTest {

    private static final DeliverySpec BROKER_DELIVERY = new DeliverySpec(2, BackoffPolicy.LINEAR, Duration.ofSeconds(1),
            null, EventFormat.BINARY);

    private static Trigger trigger(String name, String broker, Map<String, String> filter, DeliverySpec delivery) {
        return new Trigger(name, null, broker, filter, Destination.of(URI.create("http://localhost:1")), delivery,
                name + ".yaml");
    }

    private static CloudEvent event(String type) {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create("urn:test")).withType(type)
                .withExtension("region", "eu").build();
    }

    @Test
    void routesByTypeAndByOtherAttributes() {
        TriggerRegistry registry = new TriggerRegistry("default", null, List.of(
                trigger("reserved", "default", Map.of("type", "Tickets.Reserved"), null),
                trigger("requested", "default", Map.of("type", "Tickets.Requested"), null),
                trigger("eu", "default", Map.of("region", "eu"), null),
                trigger("everything", "default", Map.of(), null)));

        assertThat(registry.matching(event("Tickets.Reserved"))).extracting(Trigger::name)
                .containsExactlyInAnyOrder("reserved", "eu", "everything");
        assertThat(registry.matching(event("Queue.Closed"))).extracting(Trigger::name)
                .containsExactlyInAnyOrder("eu", "everything");
    }

    @Test
    void twoTriggersWithOneNameFailNamingBothOrigins() {
        assertThatThrownBy(() -> new TriggerRegistry("default", null, List.of(
                trigger("same", "default", Map.of(), null), trigger("same", "default", Map.of("type", "x"), null))))
                .isInstanceOf(InvalidTriggerException.class)
                .hasMessageContaining("Two Triggers are named 'same'");
    }

    @Test
    void refusesTriggersOfAnotherBroker() {
        TriggerRegistry registry = new TriggerRegistry("default", null, List.of());

        assertThatThrownBy(() -> registry.put(trigger("t", "other", Map.of(), null)))
                .isInstanceOf(InvalidTriggerException.class)
                .hasMessageContaining("this broker is 'default'");
    }

    @Test
    void putAddsOrReplacesAndRemoveDeletes() {
        TriggerRegistry registry = new TriggerRegistry("default", null, List.of());

        assertThat(registry.put(trigger("t", "default", Map.of("type", "A"), null))).isTrue();
        assertThat(registry.put(trigger("t", "default", Map.of("type", "B"), null))).isFalse();
        assertThat(registry.matching(event("A"))).isEmpty();
        assertThat(registry.matching(event("B"))).extracting(Trigger::name).containsExactly("t");

        registry.remove("t");

        assertThat(registry.all()).isEmpty();
        assertThat(registry.matching(event("B"))).isEmpty();
        assertThatThrownBy(() -> registry.remove("t")).isInstanceOf(UnknownTriggerException.class);
    }

    @Test
    void aTriggerWithoutDeliveryGetsTheBrokers() {
        DeliverySpec own = new DeliverySpec(5, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200), null, EventFormat.JSON);
        TriggerRegistry registry = new TriggerRegistry("default", BROKER_DELIVERY, List.of());
        TriggerRegistry bare = new TriggerRegistry("default", null, List.of());

        assertThat(registry.deliveryOf(trigger("a", "default", Map.of(), null))).isEqualTo(BROKER_DELIVERY);
        assertThat(registry.deliveryOf(trigger("b", "default", Map.of(), own))).isEqualTo(own);
        assertThat(bare.deliveryOf(trigger("c", "default", Map.of(), null))).isEqualTo(DeliverySpec.NONE);
    }
}
