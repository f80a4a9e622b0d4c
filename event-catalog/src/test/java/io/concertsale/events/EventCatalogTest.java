package io.concertsale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.events.schema.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EventCatalogTest {

    static final EventSchemas SCHEMAS = new EventSchemas();

    static Stream<EventDefinition> definitions() {
        return EventCatalog.all().stream();
    }

    @Test
    void everyTypeConstantIsInTheCatalogAndNothingElseIs() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field field : EventTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(EventCatalog.all()).extracting(EventDefinition::type).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void typesKeepTheDomainPastTenseForm() {
        assertThat(EventCatalog.all()).extracting(EventDefinition::type)
                .allSatisfy(type -> assertThat(type).matches("[A-Z][a-z]+\\.[A-Z][A-Za-z]+"));
    }

    @Test
    void everyEventIsConsumedBySomeoneOtherThanItsProducer() {
        assertThat(EventCatalog.all()).allSatisfy(definition ->
                assertThat(definition.consumers()).isNotEmpty().doesNotContain(definition.producer()));
    }

    @Test
    void everyConsumerButTheRouterSaysWhatItDoesWithTheEvent() {
        assertThat(EventCatalog.all()).allSatisfy(definition -> {
            for (String consumer : definition.consumers()) {
                if (consumer.equals(Participants.ROUTER)) {
                    assertThat(definition.reaction(consumer)).as("the router's process model says").isEmpty();
                } else {
                    assertThat(definition.reaction(consumer)).as("what %s does with %s", consumer, definition.type())
                            .hasValueSatisfying(reaction -> assertThat(reaction)
                                    .as("the words after the consumer's name").matches("[a-z].*[^.]"));
                }
            }
        });
        assertThat(EventCatalog.get(EventTypes.SALE_OPENED).reaction(Participants.QUEUE))
                .hasValueSatisfying(reaction -> assertThat(reaction).startsWith("clears the previous sale"));
        assertThat(EventCatalog.get(EventTypes.SALE_OPENED).reaction(Participants.PAYMENTS)).isEmpty();
    }

    @Test
    void aReactionOfAParticipantThatDoesNotConsumeTheTypeIsRefused() {
        assertThatThrownBy(() -> new EventDefinition("A.B", Object.class, Participants.QUEUE,
                List.of(Participants.GATEWAY), true, "a", Map.of(Participants.TICKETS, "does something")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not consume");
    }

    @Test
    void consumedByListsTheTypesOfAParticipant() {
        assertThat(EventCatalog.consumedBy(Participants.PAYMENTS)).isEmpty();
        assertThat(EventCatalog.consumedBy(Participants.TICKETS))
                .contains(EventTypes.TICKETS_REQUESTED, EventTypes.PAYMENTS_AUTHORIZED)
                .doesNotContain(EventTypes.TICKETS_RESERVED);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void schemaDescribesExactlyTheFieldsOfTheRecord(EventDefinition definition) throws IOException {
        JsonNode schema = schema(definition);
        assertThat(schema.path("title").asString()).isEqualTo(definition.type());
        assertFieldsMatch(definition.dataType(), schema);
    }

    private static void assertFieldsMatch(Class<?> record, JsonNode schema) {
        List<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(schema.path("properties").propertyNames()).as("properties of %s", record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components);
        assertThat(schema.path("required").valueStream().map(JsonNode::asString).toList())
                .as("required fields of %s", record.getSimpleName()).isSubsetOf(components);
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getType().isRecord()) {
                JsonNode nested = schema.path("properties").path(component.getName());
                JsonNode object = nested.has("oneOf") ? nested.path("oneOf").get(1) : nested;
                assertFieldsMatch(component.getType(), object);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void exampleMeetsTheSchemaAndReadsIntoTheRecord(EventDefinition definition) throws IOException {
        JsonNode example = example(definition);

        assertThat(SCHEMAS.violations(definition.type(), example)).isEmpty();
        Object data = SaleEvents.read(example, definition.dataType());
        JsonNode written = EventJson.MAPPER.valueToTree(data);
        assertThat(SCHEMAS.violations(definition.type(), written)).isEmpty();
    }

    @Test
    void everyEnumOfARecordIsWrittenWithTheNamesItsSchemaEnumerates() throws IOException {
        List<String> enumFields = new ArrayList<>();
        for (EventDefinition definition : EventCatalog.all()) {
            JsonNode properties = schema(definition).path("properties");
            for (RecordComponent component : definition.dataType().getRecordComponents()) {
                if (component.getType().isEnum()) {
                    enumFields.add(definition.type() + "." + component.getName());
                    JsonNode field = properties.path(component.getName());
                    assertThat(field.path("type").asString()).as(definition.type()).isEqualTo("string");
                    assertThat(field.path("enum").valueStream().map(JsonNode::asString).toList())
                            .as("the enum of %s.%s", definition.type(), component.getName())
                            .containsExactlyElementsOf(Arrays.stream(component.getType().getEnumConstants())
                                    .map(constant -> ((Enum<?>) constant).name()).toList());
                }
            }
        }
        assertThat(enumFields).containsExactlyInAnyOrder("Tickets.PaymentRequested.method",
                "Tickets.PaymentPending.method", "Tickets.PaymentAuthorized.method", "Payments.RequestReceived.method");
    }

    static Stream<Arguments> methodsOutsideThePublishedLanguage() {
        List<String> types = List.of(EventTypes.TICKETS_PAYMENT_REQUESTED, EventTypes.TICKETS_PAYMENT_PENDING,
                EventTypes.TICKETS_PAYMENT_AUTHORIZED, EventTypes.PAYMENTS_REQUEST_RECEIVED);
        List<JsonNode> methods = List.of(EventJson.MAPPER.getNodeFactory().stringNode("BITCOIN"),
                EventJson.MAPPER.getNodeFactory().stringNode("card"),
                EventJson.MAPPER.getNodeFactory().stringNode(" CARD"),
                EventJson.MAPPER.getNodeFactory().stringNode("1"),
                EventJson.MAPPER.getNodeFactory().stringNode(""),
                EventJson.MAPPER.getNodeFactory().numberNode(0));
        return types.stream().flatMap(type -> methods.stream().map(method -> Arguments.of(type, method)));
    }

    /**
     * The schema refuses such data first; reading it into the record refuses it too (invalid data, a 400 at the
     * ingress, never a failure of the reader), also where Jackson alone would have read an index or a padded name.
     */
    @ParameterizedTest
    @MethodSource("methodsOutsideThePublishedLanguage")
    void aMethodOutsideThePublishedLanguageBreaksTheSchemaAndDoesNotReadIntoTheRecord(String type, JsonNode method)
            throws IOException {
        EventDefinition definition = EventCatalog.find(type).orElseThrow();
        ObjectNode data = (ObjectNode) example(definition);
        data.set("method", method);

        assertThat(SCHEMAS.violations(type, data)).isNotEmpty();
        assertThatThrownBy(() -> SaleEvents.read(data, definition.dataType()))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.problem()).isEqualTo("invalid-data"))
                .hasMessageContaining(definition.dataType().getSimpleName());
    }

    @Test
    void aPaymentMethodIsReadFromItsNameAndWrittenAsIt() throws IOException {
        EventDefinition definition = EventCatalog.find(EventTypes.TICKETS_PAYMENT_REQUESTED).orElseThrow();
        for (PaymentMethod method : PaymentMethod.values()) {
            ObjectNode data = (ObjectNode) example(definition);
            data.put("method", method.name());

            TicketsPaymentRequested read = SaleEvents.read(data, TicketsPaymentRequested.class);

            assertThat(read.method()).isSameAs(method);
            assertThat(EventJson.MAPPER.valueToTree(read).path("method").isString()).isTrue();
            assertThat(EventJson.MAPPER.valueToTree(read).path("method").asString()).isEqualTo(method.name());
        }
        assertThat(PaymentMethod.NAMES).isEqualTo("CARD or MONEY_TRANSFER");
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void dataWithoutItsRequiredFieldsBreaksTheSchema(EventDefinition definition) {
        JsonNode empty = EventJson.MAPPER.createObjectNode();
        JsonNode schemaRequired = schemaUnchecked(definition).path("required");
        if (!schemaRequired.isEmpty()) {
            assertThat(SCHEMAS.violations(definition.type(), empty)).isNotEmpty();
        }
        assertThat(schemaRequired.isEmpty()).as("%s requires fields", definition.type()).isFalse();
    }

    static JsonNode example(EventDefinition definition) throws IOException {
        try (InputStream in = EventCatalogTest.class.getResourceAsStream("/examples/" + definition.type() + ".json")) {
            assertThat(in).as("example for %s", definition.type()).isNotNull();
            return EventJson.MAPPER.readTree(in);
        }
    }

    static JsonNode schema(EventDefinition definition) throws IOException {
        try (InputStream in = EventCatalogTest.class.getClassLoader().getResourceAsStream(definition.schemaResource())) {
            assertThat(in).as("schema for %s", definition.type()).isNotNull();
            return EventJson.MAPPER.readTree(in);
        }
    }

    private static JsonNode schemaUnchecked(EventDefinition definition) {
        try {
            return schema(definition);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
