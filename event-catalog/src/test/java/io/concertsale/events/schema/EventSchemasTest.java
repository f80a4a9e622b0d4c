package io.concertsale.events.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.events.EventJson;
import io.concertsale.events.EventTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventSchemasTest {

    private final EventSchemas schemas = new EventSchemas();

    private static JsonNode json(String text) {
        return EventJson.MAPPER.readTree(text);
    }

    @Test
    void validDataHasNoViolations() {
        assertThat(schemas.violations(EventTypes.TICKETS_REQUESTED,
                json("{\"sessionId\":\"s\",\"ticketType\":\"GENERAL\",\"quantity\":2,\"admissionToken\":\"t\"}"))).isEmpty();
    }

    @Test
    void zeroQuantityIsAViolation() {
        assertThat(schemas.violations(EventTypes.TICKETS_REQUESTED,
                json("{\"sessionId\":\"s\",\"ticketType\":\"GENERAL\",\"quantity\":0,\"admissionToken\":\"t\"}")))
                .singleElement().asString().contains("quantity");
    }

    @Test
    void unknownPaymentMethodIsAViolation() {
        assertThat(schemas.violations(EventTypes.TICKETS_PAYMENT_REQUESTED,
                json("{\"sessionId\":\"s\",\"reservationId\":\"r\",\"method\":\"BITCOIN\"}"))).isNotEmpty();
    }

    @Test
    void wrongTypeOfFieldIsAViolation() {
        assertThat(schemas.violations(EventTypes.QUEUE_CUSTOMER_JOINED, json("{\"sessionId\":42}"))).isNotEmpty();
    }

    @Test
    void aJoinNumberBelowOneIsAViolation() {
        assertThat(schemas.violations(EventTypes.QUEUE_CUSTOMER_JOINED,
                json("{\"sessionId\":\"s\",\"saleId\":\"sale-1\",\"number\":0}")))
                .singleElement().asString().contains("number");
    }

    @Test
    void aJoinWithoutSaleAndNumberStillMeetsTheSchemaForReadersThatPredateThem() {
        assertThat(schemas.violations(EventTypes.QUEUE_CUSTOMER_JOINED, json("{\"sessionId\":\"s\"}"))).isEmpty();
    }

    @Test
    void extraFieldsAreAllowedForForwardCompatibility() {
        assertThat(schemas.violations(EventTypes.SESSION_CLEAN_UP,
                json("{\"sessionId\":\"s\",\"processInstanceKey\":2251799813685249}"))).isEmpty();
    }

    @Test
    void typeOutsideTheCatalogIsRefused() {
        assertThatThrownBy(() -> schemas.violations("Tickets.Bought", json("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
