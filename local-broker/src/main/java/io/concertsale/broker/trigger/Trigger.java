package io.concertsale.broker.trigger;

import io.cloudevents.CloudEvent;
import io.cloudevents.types.Time;
import java.util.Map;
import java.util.Objects;

/**
 * A Knative Trigger: the events of a broker that pass its filter go to its subscriber.
 *
 * @param name the Trigger's name, unique per broker
 * @param namespace {@code metadata.namespace}, null when the manifest leaves it to kubectl (the usual case)
 * @param broker the broker it subscribes to ({@code spec.broker})
 * @param filter exact-match filter on attributes and extensions; an empty value only requires the attribute to be
 *        present, an empty filter passes every event
 * @param subscriber where matching events go
 * @param delivery the Trigger's own delivery spec, or null to use the Broker's
 * @param origin where the Trigger came from: a manifest file or the API
 */
public record Trigger(String name, String namespace, String broker, Map<String, String> filter, Destination subscriber,
        DeliverySpec delivery, String origin) {

    public Trigger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(subscriber, "subscriber");
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }

    /** Whether the event passes the filter: every listed attribute is present and, unless empty, equal. */
    public boolean matches(CloudEvent event) {
        for (Map.Entry<String, String> condition : filter.entrySet()) {
            String value = attribute(event, condition.getKey());
            if (value == null) {
                return false;
            }
            if (!condition.getValue().isEmpty() && !condition.getValue().equals(value)) {
                return false;
            }
        }
        return true;
    }

    /** The filter's type condition, if it has one, for routing by type. */
    public String filteredType() {
        String type = filter.get("type");
        return type == null || type.isEmpty() ? null : type;
    }

    /** A context attribute or extension of the event as a string, null when the event does not have it. */
    public static String attribute(CloudEvent event, String name) {
        Object value = switch (name) {
            case "specversion" -> event.getSpecVersion();
            case "id" -> event.getId();
            case "source" -> event.getSource();
            case "type" -> event.getType();
            case "datacontenttype" -> event.getDataContentType();
            case "dataschema" -> event.getDataSchema();
            case "subject" -> event.getSubject();
            case "time" -> event.getTime() == null ? null : Time.writeTime(event.getTime());
            default -> event.getExtension(name);
        };
        return value == null ? null : value.toString();
    }
}
