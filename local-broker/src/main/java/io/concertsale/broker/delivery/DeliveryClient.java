package io.concertsale.broker.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.broker.trigger.EventFormat;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/** Posts one CloudEvent to one URL over HTTP/1.1 and reads the answer, which may carry a reply event. */
public final class DeliveryClient implements AutoCloseable {

    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long the whole exchange may take
     */
    public DeliveryClient(Duration connectTimeout, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Sends the event.
     *
     * @throws IOException when no response came: refused, reset, timed out
     */
    public Response post(URI target, CloudEvent event, EventFormat format) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(requestTimeout);
        if (format == EventFormat.JSON) {
            request.header("Content-Type", JsonFormat.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new JsonFormat().serialize(event)));
        } else {
            CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
            message.forEachHeader(request::header);
            request.POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

    /** Stops the client; the dispatcher calls it once no delivery is under way any more. */
    @Override
    public void close() {
        client.shutdownNow();
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
