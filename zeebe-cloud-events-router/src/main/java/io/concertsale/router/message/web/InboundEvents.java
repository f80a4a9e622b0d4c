package io.concertsale.router.message.web;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.concertsale.events.InvalidEventException;
import io.concertsale.router.message.InboundEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the parts of a CloudEvent the router routes on. Its data must be a JSON object, or absent. */
final class InboundEvents {

    static final String CORRELATION_KEY = "correlationkey";
    static final String JOB_KEY = "jobkey";
    static final String INVALID_DATA = "invalid-data";

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    InboundEvents(JsonMapper json) {
        this.json = json;
    }

    InboundEvent read(CloudEvent event) {
        return new InboundEvent(event.getId(), event.getType(),
                event.getSource() == null ? null : event.getSource().toString(),
                text(event.getExtension(CORRELATION_KEY)), text(event.getExtension(JOB_KEY)), data(event));
    }

    private Map<String, Object> data(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            return null;
        }
        byte[] bytes = data.toBytes();
        if (bytes.length == 0) {
            return null;
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new InvalidEventException(INVALID_DATA, "The event's datacontenttype is '" + contentType
                    + "': its data must be a JSON object (application/json)");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidEventException(INVALID_DATA, "The event's data is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidEventException(INVALID_DATA, "The event's data must be a JSON object (it becomes the"
                    + " message's variables), not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return json.convertValue(node, MAP);
    }

    private static String text(Object extension) {
        return extension == null ? null : extension.toString();
    }
}
