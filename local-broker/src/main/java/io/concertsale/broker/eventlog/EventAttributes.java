package io.concertsale.broker.eventlog;

import io.cloudevents.CloudEvent;
import io.cloudevents.types.Time;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Reads a CloudEvent's context for logs and JSON views: every attribute and extension, and its data as text. */
public final class EventAttributes {

    private EventAttributes() {
    }

    /** The context attributes, then the extensions in name order, as in the structured JSON format. */
    public static Map<String, Object> of(CloudEvent event) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", event.getSpecVersion().toString());
        attributes.put("id", event.getId());
        attributes.put("source", event.getSource().toString());
        attributes.put("type", event.getType());
        putIfPresent(attributes, "datacontenttype", event.getDataContentType());
        putIfPresent(attributes, "dataschema", event.getDataSchema());
        putIfPresent(attributes, "subject", event.getSubject());
        putIfPresent(attributes, "time", event.getTime() == null ? null : Time.writeTime(event.getTime()));
        for (String name : new TreeSet<>(event.getExtensionNames())) {
            Object value = event.getExtension(name);
            attributes.put(name, value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
        }
        return attributes;
    }

    /** The data as UTF-8 text, cut after {@code limit} characters; empty when the event has none. */
    public static String dataText(CloudEvent event, int limit) {
        if (event.getData() == null) {
            return "";
        }
        String text = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        return text.length() > limit ? text.substring(0, limit) + "..." : text;
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, Object value) {
        if (value != null) {
            attributes.put(name, value.toString());
        }
    }
}
