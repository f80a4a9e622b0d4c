package io.concertsale.broker.web;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventJson;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import tools.jackson.core.JacksonException;

/** An event's data for JSON views: JSON data as JSON, text as a string, anything else in base64. */
public final class CloudEventJson {

    private CloudEventJson() {
    }

    /**
     * The data as it goes into a view.
     *
     * @param data the JSON value or the text, null when the data is binary or absent
     * @param dataBase64 binary data, base64 encoded
     */
    public record Data(Object data, String dataBase64) {
    }

    public static Data data(CloudEvent event) {
        if (event.getData() == null) {
            return new Data(null, null);
        }
        byte[] bytes = event.getData().toBytes();
        String contentType = event.getDataContentType() == null ? "application/json"
                : event.getDataContentType().toLowerCase();
        if (contentType.contains("json")) {
            try {
                return new Data(EventJson.MAPPER.readTree(bytes), null);
            } catch (JacksonException e) {
                // not valid JSON after all: shown as text below
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return new Data(text, null);
        } catch (CharacterCodingException e) {
            return new Data(null, Base64.getEncoder().encodeToString(bytes));
        }
    }
}
