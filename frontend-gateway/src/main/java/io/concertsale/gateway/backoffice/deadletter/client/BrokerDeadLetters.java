package io.concertsale.gateway.backoffice.deadletter.client;

import io.concertsale.gateway.backoffice.client.OperatorApiRelay;
import io.concertsale.gateway.backoffice.deadletter.DeadLetterRejectedException;
import io.concertsale.gateway.backoffice.deadletter.DeadLetters;
import io.concertsale.gateway.backoffice.deadletter.DeadLettersUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local broker's dead letter API over HTTP: {@code GET /api/dead-letters?limit=},
 * {@code POST /api/dead-letters/{id}/replay}, {@code POST /api/dead-letters/replay} and
 * {@code DELETE /api/dead-letters/{id}}.
 */
public class BrokerDeadLetters implements DeadLetters {

    static final String NOT_CONFIGURED = "This deployment has no dead letter store the backoffice can reach: the "
            + "local broker keeps one (gateway.broker.base-url); a Knative broker sends dead letters to the Trigger's "
            + "dead letter sink.";

    private final OperatorApiRelay relay;
    private final JsonMapper json;

    /**
     * @param authorization the operator credential the target's API needs ({@code Authorization}), or {@code null}
     */
    public BrokerDeadLetters(Optional<URI> baseUrl, Duration timeout, String authorization, JsonMapper json) {
        this.relay = OperatorApiRelay.of(baseUrl, timeout, authorization);
        this.json = json;
    }

    @Override
    public boolean configured() {
        return relay.configured();
    }

    @Override
    public JsonNode recent(int limit) {
        HttpResponse<String> response = send("GET", "/api/dead-letters?limit=" + limit);
        if (response.statusCode() != 200) {
            throw new DeadLettersUnavailableException("The broker's dead letters at " + base() + " answered "
                    + response.statusCode(), null);
        }
        JsonNode letters = parse(response);
        if (!letters.isArray()) {
            throw new DeadLettersUnavailableException("The broker at " + base() + " did not answer with dead letters",
                    null);
        }
        return letters;
    }

    @Override
    public JsonNode replay(long id) {
        return parse(accepted(send("POST", "/api/dead-letters/" + id + "/replay")));
    }

    @Override
    public JsonNode replayAll() {
        return parse(accepted(send("POST", "/api/dead-letters/replay")));
    }

    @Override
    public void discard(long id) {
        accepted(send("DELETE", "/api/dead-letters/" + id));
    }

    private HttpResponse<String> accepted(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 404 || status == 409) {
            throw new DeadLetterRejectedException(status, detail(response, "The broker answered " + status));
        }
        if (status / 100 != 2) {
            throw new DeadLettersUnavailableException("The broker's dead letters at " + base() + " answered "
                    + status + ": " + detail(response, ""), null);
        }
        return response;
    }

    private URI base() {
        return relay.baseUrl().orElseThrow(() -> new DeadLettersUnavailableException(NOT_CONFIGURED, null));
    }

    private HttpResponse<String> send(String method, String path) {
        URI base = base();
        HttpRequest request = relay.request(URI.create(base + path))
                .header("Accept", "application/json").method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return relay.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeadLettersUnavailableException("The broker's dead letters at " + base + " cannot be reached",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLettersUnavailableException("Interrupted while asking the broker", e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new DeadLettersUnavailableException("The broker at " + base() + " did not answer with JSON", e);
        }
    }

    /** The {@code detail} of the broker's problem body, or the fallback when it has none. */
    private String detail(HttpResponse<String> response, String fallback) {
        try {
            JsonNode problem = json.readTree(response.body());
            JsonNode detail = problem == null ? null : problem.get("detail");
            return detail != null && detail.isString() && !detail.asString().isBlank() ? detail.asString() : fallback;
        } catch (JacksonException e) {
            return fallback;
        }
    }
}
