package io.concertsale.router.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event posted to the router, reduced to what routing needs.
 *
 * @param id the event id: the message id, so the engine drops a redelivered event
 * @param type the event type: the message name
 * @param source the event source
 * @param correlationKey the {@code correlationkey} extension, null when absent or blank
 * @param jobKey the {@code jobkey} extension as sent, null when absent
 * @param data the data, a JSON object as a map; null when the event has no data
 */
public record InboundEvent(String id, String type, String source, String correlationKey, String jobKey,
        Map<String, Object> data) {

    public InboundEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        correlationKey = correlationKey == null || correlationKey.isBlank() ? null : correlationKey;
        data = data == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The data, or an empty map when the event has none. */
    public Map<String, Object> variables() {
        return data == null ? Map.of() : data;
    }

    /**
     * Whether this is an event the router emitted itself for a job (its id is the job key), delivered back to it
     * because it carries {@code jobkey}: a request, not a reply.
     */
    public boolean ownEmission() {
        return jobKey != null && jobKey.equals(id);
    }
}
