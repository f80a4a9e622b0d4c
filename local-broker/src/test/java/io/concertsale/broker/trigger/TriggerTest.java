package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1()
            .withId("e-1").withSource(URI.create("urn:concertsale:tickets-service")).withType("Tickets.Reserved")
            .withExtension("correlationkey", "session-1").withSubject("reservation").build();

    private static Trigger trigger(Map<String, String> filter) {
        return new Trigger("t", null, "default", filter, Destination.of(URI.create("http://localhost:1")), null, "test");
    }

    @Test
    void emptyFilterPassesEveryEvent() {
        assertThat(trigger(Map.of()).matches(EVENT)).isTrue();
    }

    @Test
    void typeMustMatchExactly() {
        assertThat(trigger(Map.of("type", "Tickets.Reserved")).matches(EVENT)).isTrue();
        assertThat(trigger(Map.of("type", "Tickets.reserved")).matches(EVENT)).isFalse();
        assertThat(trigger(Map.of("type", "Tickets")).matches(EVENT)).isFalse();
    }

    @Test
    void everyListedAttributeAndExtensionMustMatch() {
        assertThat(trigger(Map.of("type", "Tickets.Reserved", "correlationkey", "session-1",
                "source", "urn:concertsale:tickets-service", "subject", "reservation", "specversion", "1.0"))
                .matches(EVENT)).isTrue();
        assertThat(trigger(Map.of("type", "Tickets.Reserved", "correlationkey", "session-2")).matches(EVENT)).isFalse();
    }

    @Test
    void missingAttributeNeverMatches() {
        assertThat(trigger(Map.of("region", "eu")).matches(EVENT)).isFalse();
        assertThat(trigger(Map.of("dataschema", "")).matches(EVENT)).isFalse();
    }

    @Test
    void emptyValueOnlyRequiresThePresence() {
        assertThat(trigger(Map.of("correlationkey", "")).matches(EVENT)).isTrue();
        assertThat(trigger(Map.of("region", "")).matches(EVENT)).isFalse();
    }

    @Test
    void onlyANonEmptyTypeConditionRoutesByType() {
        assertThat(trigger(Map.of("type", "Tickets.Reserved")).filteredType()).isEqualTo("Tickets.Reserved");
        assertThat(trigger(Map.of("type", "")).filteredType()).isNull();
        assertThat(trigger(Map.of()).filteredType()).isNull();
    }
}
