package io.concertsale.gateway.backoffice.process.client;

import io.concertsale.gateway.backoffice.client.OperatorApiRelay;
import io.concertsale.gateway.backoffice.process.ProcessDeploymentRejectedException;
import io.concertsale.gateway.backoffice.process.ProcessModels;
import io.concertsale.gateway.backoffice.process.ProcessModelsUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router's model API over HTTP: {@code GET /models}, {@code GET /deployments}, {@code GET /statistics} and
 * {@code POST /models/{name}/deployments}.
 */
public class RouterProcessModels implements ProcessModels {

    static final String NOT_CONFIGURED = "This deployment has no Zeebe CloudEvents router configured "
            + "(gateway.router.base-url): models cannot be deployed from here.";

    private final OperatorApiRelay relay;
    private final JsonMapper json;

    /**
     * @param authorization the operator credential the target's API needs ({@code Authorization}), or {@code null}
     */
    public RouterProcessModels(Optional<URI> baseUrl, Duration timeout, String authorization, JsonMapper json) {
        this.relay = OperatorApiRelay.of(baseUrl, timeout, authorization);
        this.json = json;
    }

    @Override
    public boolean configured() {
        return relay.configured();
    }

    @Override
    public JsonNode models() {
        return get("/models");
    }

    @Override
    public JsonNode deployments() {
        return get("/deployments");
    }

    @Override
    public JsonNode statistics() {
        return get("/statistics");
    }

    @Override
    public JsonNode deploy(String model) {
        URI base = base();
        String path = "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/deployments";
        HttpResponse<String> response = send(relay.request(URI.create(base + path))
                .timeout(relay.timeout().multipliedBy(3)).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        int status = response.statusCode();
        if (status == 503) {
            throw new ProcessModelsUnavailableException(detail(response, "The router at " + base
                    + " cannot reach its Zeebe engine"), null);
        }
        if (status >= 400) {
            throw new ProcessDeploymentRejectedException(status,
                    detail(response, "The router refused the deployment (" + status + ")"));
        }
        return parse(response, base);
    }

    private JsonNode get(String path) {
        URI base = base();
        HttpResponse<String> response = send(relay.request(URI.create(base + path))
                .header("Accept", "application/json").GET().build());
        if (response.statusCode() != 200) {
            throw new ProcessModelsUnavailableException("The router at " + base + " answered "
                    + response.statusCode() + " for " + path, null);
        }
        return parse(response, base);
    }

    private URI base() {
        return relay.baseUrl().orElseThrow(() -> new ProcessModelsUnavailableException(NOT_CONFIGURED, null));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return relay.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProcessModelsUnavailableException("The router at " + base() + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessModelsUnavailableException("Interrupted while asking the router", e);
        }
    }

    private JsonNode parse(HttpResponse<String> response, URI base) {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new ProcessModelsUnavailableException("The router at " + base + " did not answer with JSON", e);
        }
    }

    /** The {@code detail} of the router's problem body, or the fallback when it has none. */
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
