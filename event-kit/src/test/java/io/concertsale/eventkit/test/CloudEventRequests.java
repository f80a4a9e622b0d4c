package io.concertsale.eventkit.test;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts CloudEvents over real HTTP, in binary or structured mode, or raw bodies for bad-input tests. */
public final class CloudEventRequests {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CloudEventRequests() {
    }

    public static HttpResponse<String> binary(URI uri, CloudEvent event) {
        return binary(uri, event, null);
    }

    /** In binary mode with this {@code Authorization} ({@code null}: none). */
    public static HttpResponse<String> binary(URI uri, CloudEvent event, String authorization) {
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        message.forEachHeader(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** As a Trigger delivers to a service under test: binary mode, with {@link TestIdentity#delivery()}'s token. */
    public static HttpResponse<String> delivered(URI uri, CloudEvent event) {
        return binary(uri, event, TestIdentity.delivery());
    }

    public static HttpResponse<String> structured(URI uri, CloudEvent event) {
        return structured(uri, event, null);
    }

    /** In structured mode with this {@code Authorization} ({@code null}: none). */
    public static HttpResponse<String> structured(URI uri, CloudEvent event, String authorization) {
        byte[] body = new JsonFormat().serialize(event);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", JsonFormat.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** A raw request: headers as name, value pairs. */
    public static HttpResponse<String> raw(URI uri, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
