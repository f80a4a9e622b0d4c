package io.concertsale.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's public and admin API, as a browser and an operator use it. Every call is tried again as
 * {@link Retries} says; a payment only where it surely did not take effect (its answer lost, the fan looks at the
 * session instead of paying again).
 *
 * <p>One client serves every fan: HTTP/1.1 keep-alive connections from one pool, at most {@link #MAX_IN_FLIGHT}
 * requests and WebSocket handshakes in flight (so at most that many connections besides the open WebSockets, which
 * only fans near the front hold), and the client's work on virtual threads, not a platform thread per fan.
 */
final class GatewayClient {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    /** Requests in flight at once, at most: with the WebSockets (the gateway's cap, 12,000) well below 20,000 files. */
    static final int MAX_IN_FLIGHT = 1_000;
    private static final String PROBLEM = "urn:concertsale:problem:";
    private static final Duration WEBSOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String adminAuthorization;
    private final Retries retries;
    private final HttpClient http;
    /**
     * WebSockets open on connections of their own, as browsers open them: an upgrade sent on a kept-alive connection
     * that has served its last request (Tomcat's {@code maxKeepAliveRequests}) is answered {@code Connection: upgrade,
     * close}, which the JDK's client refuses.
     */
    private final HttpClient sockets;
    private final Throttle throttle = new Throttle(MAX_IN_FLIGHT);
    private final Following following = new Following();

    GatewayClient(URI base, String adminPassword, Retries retries) {
        this.base = base;
        this.retries = retries;
        this.adminAuthorization = adminPassword == null ? null : adminAuthorization(adminPassword);
        this.http = client();
        this.sockets = client();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The {@code Authorization} header value of the sale's operator ({@code admin}) with this password. */
    static String adminAuthorization(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** How the fans follow their sessions: polls, and WebSockets opened, open now, open at most at once, refused. */
    static final class Following {
        private final LongAdder opened = new LongAdder();
        private final LongAdder refused = new LongAdder();
        private final LongAdder polls = new LongAdder();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        void opened() {
            opened.increment();
            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        }

        void closed() {
            open.decrementAndGet();
        }

        void refused() {
            refused.increment();
        }

        void polled() {
            polls.increment();
        }

        int open() {
            return open.get();
        }

        FollowCounts counts() {
            return new FollowCounts(polls.sum(), opened.sum(), peak.get(), refused.sum());
        }
    }

    /** A failed call: the status and problem body the gateway answered. */
    static final class CallFailed extends RuntimeException {
        final int status;
        /** The problem's slug ({@code urn:concertsale:problem:<slug>}), or empty. */
        final String problem;

        CallFailed(String message, int status, String problem) {
            super(message);
            this.status = status;
            this.problem = problem;
        }

        static boolean is(Throwable failure, int status, String problem) {
            return Retries.unwrap(failure) instanceof CallFailed call && call.status == status
                    && call.problem.equals(problem);
        }
    }

    Retries retries() {
        return retries;
    }

    /** A session that was created but whose answer was lost stays behind unused, as a browser's would. */
    CompletableFuture<JsonNode> createSession() {
        return send("create a session", Retries.ANY, () -> request("/api/sessions")
                .POST(HttpRequest.BodyPublishers.noBody()), 201);
    }

    /** Joining again while waiting is harmless (the gateway says so); a 409 stage conflict means it took effect. */
    CompletableFuture<JsonNode> join(String sessionId) {
        return send("join", Retries.ANY, () -> request("/api/sessions/" + sessionId + "/queue")
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
    }

    /** The tickets service answers a session's repeated request with the reservation it already holds. */
    CompletableFuture<JsonNode> reserve(String sessionId, String ticketType, int quantity) {
        String body = JSON.createObjectNode().put("ticketType", ticketType).put("quantity", quantity).toString();
        return send("reserve", Retries.ANY, () -> json(request("/api/sessions/" + sessionId + "/reservation"), body),
                202);
    }

    /**
     * Pays, tried again only where the request surely had no effect: a payment whose answer was lost fails with
     * {@link Retries.GaveUp} ({@link Retries.Reason#ANSWER_LOST}), and the fan looks at the session before paying
     * again.
     */
    CompletableFuture<JsonNode> payByCard(String sessionId, String number) {
        var payment = JSON.createObjectNode().put("method", "CARD");
        payment.putObject("card").put("number", number).put("expiry", "12/34").put("cvc", "123")
                .put("holder", "Load Test");
        return send("pay", Retries.NOT_TAKEN, () -> json(request("/api/sessions/" + sessionId + "/payment"),
                payment.toString()), 202);
    }

    CompletableFuture<JsonNode> session(String sessionId) {
        return send("look at the session", Retries.READ, () -> request("/api/sessions/" + sessionId).GET(), 200);
    }

    /** The session read again while the fan polls (counted apart from the looks). */
    CompletableFuture<JsonNode> poll(String sessionId) {
        following.polled();
        return send("poll the session", Retries.READ, () -> request("/api/sessions/" + sessionId).GET(), 200);
    }

    CompletableFuture<JsonNode> ticketTypes() {
        return send("ticket types", Retries.READ, () -> request("/api/ticket-types").GET(), 200);
    }

    JsonNode openSale(Scenario scenario) {
        var sale = JSON.createObjectNode().put("name", "Load test " + scenario.customers() + " customers")
                .put("currency", "EUR").put("maxTicketsPerCustomer", scenario.maxPerCustomer())
                .put("holdSeconds", scenario.holdSeconds());
        sale.putArray("ticketTypes").addObject().put("type", "GENERAL").put("name", "General admission")
                .put("price", 45.00).put("quantity", scenario.tickets());
        sale.putObject("admission").put("ratePerSecond", scenario.admissionRate())
                .put("maxActiveShoppers", scenario.maxActiveShoppers()).put("paused", false);
        return send("open the sale", Retries.ANY, () -> admin(json(request("/api/admin/sale"), sale.toString(),
                "PUT")), 200).join();
    }

    CompletableFuture<JsonNode> saleCounters() {
        return send("sale counters", Retries.READ, () -> admin(request("/api/admin/sale").GET()), 200);
    }

    /** The broker's dead letters, relayed by the backoffice API: {@code {"available", "letters": [...]}}. */
    CompletableFuture<JsonNode> deadLetters() {
        return send("dead letters", Retries.READ, () -> admin(request("/api/admin/dead-letters?limit=1000").GET()),
                200);
    }

    /**
     * Opens the session's WebSocket, once: a fan whose socket cannot be opened polls and tries again later
     * ({@link Follower}). A refusal of the gateway ({@code 503}) fails with {@link Refused}.
     */
    CompletableFuture<WebSocket> connect(String sessionId, WebSocket.Listener listener) {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/sessions/" + sessionId);
        return throttle.run(() -> sockets.newWebSocketBuilder().connectTimeout(WEBSOCKET_TIMEOUT).buildAsync(ws, listener)
                .orTimeout(WEBSOCKET_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS))
                .exceptionallyCompose(failure -> {
                    Throwable cause = Retries.unwrap(failure);
                    if (cause instanceof WebSocketHandshakeException handshake
                            && handshake.getResponse().statusCode() == 503) {
                        following.refused();
                        return CompletableFuture.failedFuture(new Refused(retryAfter(handshake.getResponse())));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** The gateway has no WebSocket to spare now: {@code 503} before the upgrade. */
    static final class Refused extends RuntimeException {
        final Duration retryAfter;

        Refused(Duration retryAfter) {
            super("the gateway has no WebSocket to spare; retry after " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }
    }

    Following following() {
        return following;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(
                    response.headers().firstValue("Retry-After").orElse("0").strip())));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
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

    private CompletableFuture<JsonNode> send(String what, Set<Retries.Reason> retryOn,
            Supplier<HttpRequest.Builder> request, int expected) {
        return retries.call(what, retryOn, () -> throttle.run(() -> {
            HttpRequest built = request.get().build();
            return http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != expected) {
                    throw new CallFailed(built.method() + " " + built.uri().getPath() + " answered "
                            + response.statusCode() + ": " + response.body(), response.statusCode(),
                            problem(response.body()));
                }
                String body = response.body();
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            });
        }));
    }

    private static String problem(String body) {
        try {
            String type = JSON.readTree(body).path("type").asString("");
            return type.startsWith(PROBLEM) ? type.substring(PROBLEM.length()) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
