package io.concertsale.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Builds the sale's CloudEvents and reads their data: JSON objects ({@code application/json}), a fresh id per
 * event, and the {@code correlationkey} extension on every event of a customer's journey.
 */
public final class SaleEvents {

    /** The extension that carries the customer's sale session id on every event of their journey. */
    public static final String CORRELATION_KEY = "correlationkey";
    public static final String JSON = "application/json";

    /** The {@code sessionId} of a journey record, read through its accessor. */
    private static final ClassValue<SessionId> SESSION_IDS = new ClassValue<>() {
        @Override
        protected SessionId computeValue(Class<?> type) {
            for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals("sessionId") && component.getType() == String.class) {
                    java.lang.reflect.Method accessor = component.getAccessor();
                    return data -> {
                        try {
                            return (String) accessor.invoke(data);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("Cannot read the sessionId of " + type.getSimpleName(), e);
                        }
                    };
                }
            }
            return data -> {
                throw new IllegalArgumentException(type.getSimpleName() + " names no sessionId: give its correlation"
                        + " key");
            };
        }
    };

    private final URI source;

    public SaleEvents(URI source) {
        this.source = source;
    }

    public URI source() {
        return source;
    }

    /** An event of a customer's journey, correlated by their sale session id. */
    public CloudEvent journey(String type, String sessionId, Object data) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("A journey event needs the session id: " + type);
        }
        return builder(type, data).withExtension(CORRELATION_KEY, sessionId).build();
    }

    /**
     * The event that states a fact: its type is the catalog's for the record ({@link EventCatalog#forData}); a
     * journey fact is correlated by the session its data names ({@code sessionId}).
     *
     * @throws IllegalArgumentException for a record of no catalog type, or a journey fact whose data names no session
     */
    public CloudEvent fact(Record data) {
        EventDefinition definition = EventCatalog.forData(data.getClass());
        return definition.journey() ? journey(definition.type(), SESSION_IDS.get(data.getClass()).of(data), data)
                : broadcast(definition.type(), data);
    }

    /**
     * The event that states a journey fact whose data does not name the session (the payment provider's: its
     * merchant's correlation key goes with the payment), correlated by this key.
     */
    public CloudEvent fact(Record data, String correlationKey) {
        EventDefinition definition = EventCatalog.forData(data.getClass());
        if (!definition.journey()) {
            throw new IllegalArgumentException(definition.type() + " is about the whole sale: it has no correlation key");
        }
        return journey(definition.type(), correlationKey, data);
    }

    /** An event about the sale as a whole, not about one customer. */
    public CloudEvent broadcast(String type, Object data) {
        return builder(type, data).build();
    }

    private CloudEventBuilder builder(String type, Object data) {
        return CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withSource(source)
                .withType(type)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(EventJson.MAPPER.writeValueAsBytes(data));
    }

    private interface SessionId {
        String of(Record data);
    }

    /** The {@code correlationkey} extension, if present. */
    public static Optional<String> correlationKey(CloudEvent event) {
        Object value = event.getExtension(CORRELATION_KEY);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    /** The event's data as a JSON object; an event without an object as data is invalid. */
    public static JsonNode json(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            throw new InvalidEventException("invalid-data", "The event has no data; a JSON object is expected");
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            throw new InvalidEventException("invalid-data",
                    "The event's datacontenttype is '" + contentType + "'; application/json is expected");
        }
        JsonNode node;
        try {
            node = EventJson.MAPPER.readTree(data.toBytes());
        } catch (JacksonException e) {
            throw new InvalidEventException("invalid-data", "The event's data is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("invalid-data", "The event's data must be a JSON object");
        }
        return node;
    }

    /** The event's data read into its record. */
    public static <T> T data(CloudEvent event, Class<T> type) {
        return read(json(event), type);
    }

    /** JSON data read into its record. */
    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return EventJson.MAPPER.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new InvalidEventException("invalid-data", "The event's data does not fit "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
