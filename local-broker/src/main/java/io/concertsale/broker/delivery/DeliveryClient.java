package io.concertsale.broker.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.broker.trigger.EventFormat;
import io.concertsale.eventkit.http.CloudEventHttp;
import io.concertsale.eventkit.http.Http1Client;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts one CloudEvent to one URL, in the format the Trigger asks for, and reads the answer, which may carry a reply
 * event. Over the event plane's own HTTP/1.1 client ({@link Http1Client}): kept-alive connections, the request written
 * and the answer read on the delivering virtual thread.
 */
public final class DeliveryClient implements AutoCloseable {

    private final Http1Client http;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long the whole exchange may take
     */
    public DeliveryClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = new Http1Client(connectTimeout, requestTimeout);
    }

    /**
     * Sends the event.
     *
     * @throws IOException when no response came: refused, reset, timed out, or a request that cannot be written
     *         (a header value with a line break)
     */
    public Response post(URI target, CloudEvent event, EventFormat format) throws IOException, InterruptedException {
        return post(target, event, format, null);
    }

    /**
     * Sends the event with an OIDC token ({@code Authorization: Bearer}).
     *
     * @param token the token, or {@code null} for none
     * @throws IOException when no response came
     */
    public Response post(URI target, CloudEvent event, EventFormat format, String token)
            throws IOException, InterruptedException {
        Http1Client.Response response;
        if (format == EventFormat.JSON) {
            Map<String, String> headers = token == null ? Map.of("Content-Type", JsonFormat.CONTENT_TYPE)
                    : Map.of("Content-Type", JsonFormat.CONTENT_TYPE, "Authorization", "Bearer " + token);
            response = http.post(target, headers, new JsonFormat().serialize(event));
        } else {
            CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
            Map<String, String> headers = message.headers();
            if (token != null) {
                headers = new LinkedHashMap<>(headers);
                headers.put("Authorization", "Bearer " + token);
            }
            response = http.post(target, headers, message.body());
        }
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** Stops the client; the dispatcher calls it once no delivery is under way any more. */
    @Override
    public void close() {
        http.close();
    }

    /** A subscriber's answer. */
    public record Response(int statusCode, Map<String, List<String>> headers, byte[] body) {

        public boolean successful() {
            return statusCode / 100 == 2;
        }

        /**
         * The CloudEvent the answer carries, binary ({@code ce-} headers) or structured
         * ({@code application/cloudevents+json}); empty for a plain answer.
         *
         * @throws io.concertsale.events.InvalidEventException when it looks like a CloudEvent but is not a valid one
         */
        public Optional<CloudEvent> reply() {
            String contentType = CloudEventHttp.first(headers, "content-type");
            boolean binary = CloudEventHttp.first(headers, "ce-specversion") != null;
            boolean structured = contentType != null && contentType.toLowerCase().startsWith("application/cloudevents");
            if (!binary && !structured) {
                return Optional.empty();
            }
            return Optional.of(CloudEventHttp.read(headers, body));
        }
    }
}
