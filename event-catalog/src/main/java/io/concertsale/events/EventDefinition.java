package io.concertsale.events;

import java.util.List;

/**
 * One entry of the event catalog.
 *
 * @param type the CloudEvent type
 * @param dataType the record its {@code data} reads into
 * @param producer the participant that emits it
 * @param consumers the participants that subscribe to it
 * @param journey true when it belongs to a customer's journey and so carries the {@code correlationkey} extension
 * @param meaning one line on what it says
 */
public record EventDefinition(
        String type, Class<?> dataType, String producer, List<String> consumers, boolean journey, String meaning) {

    /** Classpath location of the JSON Schema of this event's data. */
    public String schemaResource() {
        return "schemas/" + type + ".schema.json";
    }
}
