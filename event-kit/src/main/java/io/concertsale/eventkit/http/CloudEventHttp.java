package io.concertsale.eventkit.http;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.concertsale.events.InvalidEventException;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads a CloudEvent from an HTTP message in binary or structured mode and writes one in binary mode, with the
 * SDK's {@link HttpMessageFactory}. Free of any web framework so the broker, the services and tests share it.
 */
public final class CloudEventHttp {

    private CloudEventHttp() {
    }

    /**
     * Reads a CloudEvent.
     *
     * @param headers every header of the request, names in any case
     * @param body the body, possibly empty
     * @throws InvalidEventException when the message is not a valid CloudEvent
     */
    public static CloudEvent read(Map<String, List<String>> headers, byte[] body) {
        String contentType = first(headers, "content-type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/cloudevents-batch")) {
            throw new InvalidEventException("malformed-event", "Batched CloudEvents are not accepted; send one per request");
        }
        try {
            MessageReader reader = HttpMessageFactory.createReaderFromMultimap(headers, body == null ? new byte[0] : body);
            CloudEvent event = reader.toEvent();
            if (event.getId() == null || event.getId().isBlank()) {
                throw new InvalidEventException("malformed-event", "The CloudEvent has an empty id");
            }
            if (event.getType() == null || event.getType().isBlank()) {
                throw new InvalidEventException("malformed-event", "The CloudEvent has an empty type");
            }
            return event;
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidEventException("malformed-event", "Not a valid CloudEvent: " + e.getMessage(), e);
        }
    }

    /** The header, looked up without regard to case. */
    public static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /** Writes the event in binary mode: attributes as {@code ce-} headers, data as the body. */
    public static BinaryMessage write(CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(headers::put, bytes -> body.writeBytes(bytes == null ? new byte[0] : bytes))
                .writeBinary(event);
        return new BinaryMessage(headers, body.toByteArray());
    }

    /** A CloudEvent as binary-mode HTTP headers and body. */
    public record BinaryMessage(Map<String, String> headers, byte[] body) {

        public void forEachHeader(BiConsumer<String, String> consumer) {
            headers.forEach(consumer);
        }
    }
}
