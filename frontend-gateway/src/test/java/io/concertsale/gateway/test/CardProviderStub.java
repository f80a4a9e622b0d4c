package io.concertsale.gateway.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.concertsale.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server standing in for the payment provider's card tokenization, {@code POST /api/cards}: a number
 * of 13 to 19 digits that passes the Luhn check with a 3 or 4 digit cvc gets 201 and a token, anything else 400
 * problem+json with an {@code errors} map. It records every card it was sent.
 */
public final class CardProviderStub implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    public CardProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/cards", this::tokenize);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The card JSON of every request received. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Every token handed out. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** Answers the next {@code count} requests with 503. */
    public void failNext(int count) {
        failures.set(count);
    }

    private void tokenize(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "application/problem+json", Map.of("status", 405));
            return;
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, 503, "application/problem+json", Map.of("status", 503, "title", "Unavailable"));
            return;
        }
        JsonNode card = EventJson.MAPPER.readTree(body);
        requests.add(card);
        String number = card.path("number").asString("").replace(" ", "");
        String cvc = card.path("cvc").asString("");
        Map<String, Object> errors = new LinkedHashMap<>();
        if (!number.matches("\\d{13,19}") || !luhn(number)) {
            errors.put("number", "is not a valid card number");
        }
        if (!cvc.matches("\\d{3,4}")) {
            errors.put("cvc", "must be 3 or 4 digits");
        }
        if (!errors.isEmpty()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:concertsale:problem:invalid-card");
            problem.put("title", "Invalid card");
            problem.put("status", 400);
            problem.put("detail", "The card details are invalid");
            problem.put("errors", errors);
            respond(exchange, 400, "application/problem+json", problem);
            return;
        }
        String token = "tok_" + UUID.randomUUID();
        tokens.add(token);
        respond(exchange, 201, "application/json", Map.of("token", token, "brand", "VISA",
                "last4", number.substring(number.length() - 4), "expiry", card.path("expiry").asString("")));
    }

    private static boolean luhn(String number) {
        int sum = 0;
        boolean twice = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            int digit = number.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, Object body)
            throws IOException {
        byte[] json = EventJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
