package io.concertsale.queue;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventJson;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Talks to a running queue service over real HTTP: posts events, reads the operator API. */
public final class QueueServiceClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public QueueServiceClient(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    public URI events() {
        return base.resolve("/events");
    }

    /** Posts the event in binary mode and answers the HTTP status. */
    public HttpResponse<String> post(CloudEvent event) {
        return CloudEventRequests.delivered(events(), event);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** A GET with the operator credential (the actuator's endpoints beyond health need it). */
    public HttpResponse<String> getAsOperator(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", TestOperator.AUTHORIZATION)
                .GET().build());
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

    /** {@code GET /api/queue/{sessionId}}, which must answer 200. */
    public JsonNode entry(String sessionId) {
        return json(get("/api/queue/" + sessionId), 200);
    }

    /** {@code GET /api/queue}. */
    public JsonNode status() {
        return json(get("/api/queue"), 200);
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("Expected " + expectedStatus + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        return EventJson.MAPPER.readTree(response.body());
    }
}
