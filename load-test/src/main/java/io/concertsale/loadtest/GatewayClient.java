package io.concertsale.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's public and admin API, as a browser and an operator use it. */
final class GatewayClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String adminAuthorization;
    private final HttpClient http;

    GatewayClient(URI base, String adminPassword) {
        this.base = base;
        this.adminAuthorization = adminPassword == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A failed call: the status and problem body the gateway answered. */
    static final class CallFailed extends RuntimeException {
        final int status;

        CallFailed(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    CompletableFuture<JsonNode> createSession() {
        return send(request("/api/sessions").POST(HttpRequest.BodyPublishers.noBody()), 201);
    }

    CompletableFuture<JsonNode> join(String sessionId) {
        return send(request("/api/sessions/" + sessionId + "/queue").POST(HttpRequest.BodyPublishers.noBody()), 202);
    }

    CompletableFuture<JsonNode> reserve(String sessionId, String ticketType, int quantity) {
        String body = JSON.createObjectNode().put("ticketType", ticketType).put("quantity", quantity).toString();
        return send(json(request("/api/sessions/" + sessionId + "/reservation"), body), 202);
    }

    CompletableFuture<JsonNode> payByCard(String sessionId, String number) {
        var payment = JSON.createObjectNode().put("method", "CARD");
        payment.putObject("card").put("number", number).put("expiry", "12/34").put("cvc", "123")
                .put("holder", "Load Test");
        return send(json(request("/api/sessions/" + sessionId + "/payment"), payment.toString()), 202);
    }

    CompletableFuture<JsonNode> session(String sessionId) {
        return send(request("/api/sessions/" + sessionId).GET(), 200);
    }

    CompletableFuture<JsonNode> ticketTypes() {
        return send(request("/api/ticket-types").GET(), 200);
    }

    JsonNode openSale(Scenario scenario) {
        var sale = JSON.createObjectNode().put("name", "Load test " + scenario.customers() + " customers")
                .put("currency", "EUR").put("maxTicketsPerCustomer", scenario.maxPerCustomer())
                .put("holdSeconds", scenario.holdSeconds());
        sale.putArray("ticketTypes").addObject().put("type", "GENERAL").put("name", "General admission")
                .put("price", 45.00).put("quantity", scenario.tickets());
        sale.putObject("admission").put("ratePerSecond", scenario.admissionRate())
                .put("maxActiveShoppers", scenario.maxActiveShoppers()).put("paused", false);
        return send(admin(json(request("/api/admin/sale"), sale.toString(), "PUT")), 200).join();
    }

    JsonNode saleCounters() {
        return send(admin(request("/api/admin/sale").GET()), 200).join();
    }

    CompletableFuture<WebSocket> connect(String sessionId, WebSocket.Listener listener) {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/sessions/" + sessionId);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(ws, listener);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder admin(HttpRequest.Builder request) {
        return adminAuthorization == null ? request : request.header("Authorization", adminAuthorization);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, String body) {
        return json(request, body, "POST");
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, String body, String method) {
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private CompletableFuture<JsonNode> send(HttpRequest.Builder request, int expected) {
        HttpRequest built = request.build();
        return http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != expected) {
                throw new CallFailed(built.method() + " " + built.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body(), response.statusCode());
            }
            String body = response.body();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        });
    }
}
