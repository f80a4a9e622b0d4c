package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's documented API over real HTTP, as a browser or curl uses it: the launcher and browser tests share it. */
public final class SaleApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final URI gateway;
    private final String adminAuthorization;
    private final HttpClient http = HttpClient.newHttpClient();

    public SaleApi(URI gateway, String adminPassword) {
        this.gateway = gateway;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> call(String method, String path, String body, boolean admin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (admin) {
            request.header("Authorization", adminAuthorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode expect(int status, String method, String path, String body, boolean admin) {
        HttpResponse<String> response = call(method, path, body, admin);
        assertThat(response.statusCode()).as("%s %s answered %s", method, path, response.body()).isEqualTo(status);
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    public String newSession() {
        return expect(201, "POST", "/api/sessions", null, false).path("sessionId").asString();
    }

    public JsonNode session(String id) {
        return expect(200, "GET", "/api/sessions/" + id, null, false);
    }

    public void join(String id) {
        expect(202, "POST", "/api/sessions/" + id + "/queue", null, false);
    }

    public void reserve(String id, String type, int quantity) {
        expect(202, "POST", "/api/sessions/" + id + "/reservation",
                "{\"ticketType\":\"" + type + "\",\"quantity\":" + quantity + "}", false);
    }

    public void payByCard(String id, String number) {
        expect(202, "POST", "/api/sessions/" + id + "/payment", """
                {"method":"CARD","card":{"number":"%s","expiry":"12/34","cvc":"123","holder":"Ada Lovelace"}}"""
                .formatted(number), false);
    }

    public JsonNode ticketType(String type) {
        for (JsonNode ticketType : expect(200, "GET", "/api/ticket-types", null, false)) {
            if (ticketType.path("type").asString().equals(type)) {
                return ticketType;
            }
        }
        throw new AssertionError("No ticket type " + type);
    }

    /** Resets and opens a sale, and waits until the gateway reports its inventory. */
    public JsonNode openSale(String sale) {
        JsonNode opened = expect(200, "PUT", "/api/admin/sale", sale, true);
        int total = 0;
        for (JsonNode type : opened.path("ticketTypes")) {
            total += type.path("quantity").asInt();
        }
        int expected = total;
        await(this::counters, counters -> counters.path("saleId").asString().equals(opened.path("saleId").asString())
                && counters.path("remaining").asInt() == expected, WAIT, "the new sale's inventory");
        return opened;
    }

    public void admission(double ratePerSecond, int maxActiveShoppers, boolean paused) {
        expect(200, "PUT", "/api/admin/sale/admission", """
                {"ratePerSecond":%s,"maxActiveShoppers":%d,"paused":%s}""".formatted(ratePerSecond, maxActiveShoppers,
                paused), true);
    }

    public JsonNode counters() {
        return expect(200, "GET", "/api/admin/sale", null, true);
    }

    public JsonNode awaitSession(String id, Predicate<JsonNode> condition, String what) {
        return await(() -> session(id), condition, WAIT, what + " of session " + id);
    }

    public JsonNode awaitStage(String id, String stage) {
        return awaitStage(id, stage, WAIT);
    }

    /** Polls the session until it matches, and returns it. */
    public JsonNode awaitSession(String id, Predicate<JsonNode> condition, Duration timeout) {
        return await(() -> session(id), condition, timeout, "session " + id);
    }

    public JsonNode awaitStage(String id, String stage, Duration timeout) {
        return awaitSession(id, session -> stage.equals(session.path("stage").asString()), timeout);
    }

    public static JsonNode await(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> condition, Duration timeout,
            String what) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
    }
}
