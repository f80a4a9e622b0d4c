package io.concertsale.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the event catalog.
 *
 * @param type the CloudEvent type
 * @param dataType the record its {@code data} reads into
 * @param producer the participant that emits it
 * @param consumers the participants that subscribe to it
 * @param journey true when it belongs to a customer's journey and so carries the {@code correlationkey} extension
 * @param meaning one line on what it says
 * @param reactions what each consumer does with it, by consumer, in the words that follow its name ("clears the
 *        previous sale's waiting room ..."): the reason its Trigger exists. The router has none: what it does with
 *        an event is the process model's, which waits for it as a message.
 */
public record EventDefinition(String type, Class<?> dataType, String producer, List<String> consumers,
        boolean journey, String meaning, Map<String, String> reactions) {

    public EventDefinition {
        consumers = List.copyOf(consumers);
        reactions = Collections.unmodifiableMap(new LinkedHashMap<>(reactions));
        if (!consumers.containsAll(reactions.keySet())) {
            throw new IllegalArgumentException(type + ": a reaction of a participant that does not consume it");
        }
    }

    /** What a consumer does with this event, when the catalog says. */
    public Optional<String> reaction(String consumer) {
        return Optional.ofNullable(reactions.get(consumer));
    }

    /** Classpath location of the JSON Schema of this event's data. */
    public String schemaResource() {
        return "schemas/" + type + ".schema.json";
    }
}
