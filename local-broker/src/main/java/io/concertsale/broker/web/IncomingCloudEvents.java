package io.concertsale.broker.web;

import io.cloudevents.CloudEvent;
import io.concertsale.events.http.CloudEventHttp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * Reads a CloudEvent from a request's headers and body exactly as sent. (Spring's message converters see the
 * Content-Type with the request's character encoding added, which would change {@code datacontenttype}: a broker
 * passes events on unchanged.)
 *
 * @throws io.concertsale.events.InvalidEventException when the request is not a valid CloudEvent
 */
public final class IncomingCloudEvents {

    private IncomingCloudEvents() {
    }

    public static CloudEvent read(HttpHeaders headers, byte[] body) {
        Map<String, List<String>> headerMap = new LinkedHashMap<>();
        headers.forEach(headerMap::put);
        return CloudEventHttp.read(headerMap, body);
    }
}
