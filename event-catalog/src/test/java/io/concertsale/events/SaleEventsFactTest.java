package io.concertsale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A fact's record names its event: the catalog finds the type, the data the session of a journey fact. */
class SaleEventsFactTest {

    static final SaleEvents EVENTS = new SaleEvents(URI.create("urn:concertsale:queue-service"));

    static Stream<EventDefinition> definitions() {
        return EventCatalog.all().stream();
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void everyTypeIsFoundByItsRecord(EventDefinition definition) {
        assertThat(EventCatalog.forData(definition.dataType())).isSameAs(definition);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void everyExampleStatedAsAFactIsAnEventOfItsTypeCorrelatedAsTheCatalogSays(EventDefinition definition)
            throws Exception {
        Record data = (Record) SaleEvents.read(EventCatalogTest.example(definition), definition.dataType());
        boolean namesSession = definition.dataType().getRecordComponents().length > 0
                && java.util.Arrays.stream(definition.dataType().getRecordComponents())
                        .anyMatch(component -> component.getName().equals("sessionId"));

        CloudEvent event = definition.journey() && !namesSession ? EVENTS.fact(data, "key-1") : EVENTS.fact(data);

        assertThat(event.getType()).isEqualTo(definition.type());
        assertThat(SaleEvents.data(event, definition.dataType())).isEqualTo(data);
        if (!definition.journey()) {
            assertThat(SaleEvents.correlationKey(event)).isEmpty();
        } else if (namesSession) {
            String session = EventCatalogTest.example(definition).path("sessionId").asString();
            assertThat(session).isNotBlank();
            assertThat(SaleEvents.correlationKey(event)).contains(session);
        } else {
            assertThat(SaleEvents.correlationKey(event)).contains("key-1");
        }
    }

    @Test
    void aJourneyFactWhoseDataNamesNoSessionNeedsItsKey() {
        PaymentsAuthorized authorized = SaleEvents.read(example(EventTypes.PAYMENTS_AUTHORIZED),
                PaymentsAuthorized.class);

        assertThatThrownBy(() -> EVENTS.fact(authorized)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no sessionId");
    }

    @Test
    void aSaleWideFactHasNoCorrelationKeyToGive() {
        QueueProgressed progressed = SaleEvents.read(example(EventTypes.QUEUE_PROGRESSED), QueueProgressed.class);

        assertThatThrownBy(() -> EVENTS.fact(progressed, "key-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole sale");
    }

    @Test
    void aJourneyFactWithoutItsSessionIsRefused() {
        QueueCustomerQueued queued = new QueueCustomerQueued(null, 1, 1, 0, 1);

        assertThatThrownBy(() -> EVENTS.fact(queued)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session id");
    }

    @Test
    void aRecordOfNoCatalogTypeIsRefused() {
        record Unknown(String sessionId) {
        }

        assertThatThrownBy(() -> EVENTS.fact(new Unknown("s-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No event of the catalog");
    }

    private static tools.jackson.databind.JsonNode example(String type) {
        try {
            return EventCatalogTest.example(EventCatalog.get(type));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
