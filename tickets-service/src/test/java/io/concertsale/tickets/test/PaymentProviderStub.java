package io.concertsale.tickets.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.concertsale.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server on a free local port that answers like the payment provider's API: it creates payments
 * ({@code POST /api/payments}, idempotent per {@code Idempotency-Key}), shows them ({@code GET /api/payments/{id}})
 * and cancels them ({@code POST /api/payments/{id}/cancel}). Tests decide the outcomes, refuse the card token
 * {@link #UNKNOWN_CARD}, make it fail, answer slowly or hold the answers to creations until they let them go, and
 * read every request it got.
 */
public final class PaymentProviderStub implements AutoCloseable {

    /** A card token the provider does not know: creating a payment with it is refused with 422. */
    public static final String UNKNOWN_CARD = "tok_unknown";

    private final HttpServer server;
    private final Map<String, StubPayment> payments = new ConcurrentHashMap<>();
    private final Map<String, String> paymentByKey = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private final AtomicInteger cancellationFailuresToAnswer = new AtomicInteger();
    private final Semaphore heldCreations = new Semaphore(0);
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch creationGate;

    public PaymentProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/payments", this::handle);
        server.start();
    }

    /** A request the stub received. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .flatMap(header -> header.getValue().stream()).findFirst();
        }

        public JsonNode json() {
            return EventJson.MAPPER.readTree(body);
        }
    }

    /** A payment as the stub keeps it. */
    public record StubPayment(
            String id, String method, String status, BigDecimal amount, String currency, String reference,
            String correlationKey, String transferId, String declineReason, Instant createdAt) {

        StubPayment with(String newStatus, String reason) {
            return new StubPayment(id, method, newStatus, amount, currency, reference, correlationKey, transferId,
                    reason, createdAt);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next {@code count} requests with 503. */
    public void failNext(int count) {
        failuresToAnswer.set(count);
    }

    /** Answers the next {@code count} cancellations with 503 (other requests are answered as usual). */
    public void failNextCancellations(int count) {
        cancellationFailuresToAnswer.set(count);
    }

    /** Waits this long before answering each request. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /**
     * From now on a creation creates the payment (so its id exists, and its events could be sent) but holds the
     * answer, as the payment was when created, until {@link #releaseCreations()}.
     */
    public void holdCreations() {
        heldCreations.drainPermits();
        creationGate = new CountDownLatch(1);
    }

    /** Lets every held creation answer, and the next ones answer at once. */
    public void releaseCreations() {
        CountDownLatch gate = creationGate;
        creationGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /**
     * Waits until {@code count} creations are held since {@link #holdCreations()}.
     *
     * @return false when fewer arrived within the timeout
     */
    public boolean awaitHeldCreations(int count, Duration timeout) throws InterruptedException {
        return heldCreations.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void authorize(String paymentId) {
        payments.computeIfPresent(paymentId, (id, payment) -> payment.with("AUTHORIZED", null));
    }

    public void decline(String paymentId, String reason) {
        payments.computeIfPresent(paymentId, (id, payment) -> payment.with("DECLINED", reason));
    }

    public StubPayment payment(String paymentId) {
        return payments.get(paymentId);
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The payments created for this reference (reservation id). */
    public List<StubPayment> paymentsFor(String reference) {
        return payments.values().stream().filter(payment -> reference.equals(payment.reference())).toList();
    }

    /** The requests to create a payment for this reference (reservation id). */
    public List<Recorded> creations(String reference) {
        return requests.stream().filter(request -> request.method().equals("POST")
                && request.path().equals("/api/payments") && reference.equals(request.json().path("reference").asString()))
                .toList();
    }

    /** The requests to cancel this payment, answered or not. */
    public List<Recorded> cancellations(String paymentId) {
        return requests.stream().filter(request -> request.method().equals("POST")
                && request.path().equals("/api/payments/" + paymentId + "/cancel")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
            pause();
            if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                problem(exchange, 503, "Unavailable", "The provider is down for a moment");
                return;
            }
            String[] parts = path.split("/");
            if (method.equals("POST") && parts.length == 3) {
                create(exchange, EventJson.MAPPER.readTree(body));
            } else if (method.equals("GET") && parts.length == 4) {
                show(exchange, payments.get(parts[3]));
            } else if (method.equals("POST") && parts.length == 5 && parts[4].equals("cancel")
                    && cancellationFailuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                problem(exchange, 503, "Unavailable", "The provider is down for a moment");
            } else if (method.equals("POST") && parts.length == 5 && parts[4].equals("cancel")) {
                show(exchange, payments.computeIfPresent(parts[3], (id, payment) -> payment.with("CANCELLED",
                        payment.declineReason())));
            } else {
                problem(exchange, 404, "Not Found", "No such resource: " + method + " " + path);
            }
        }
    }

    private void create(HttpExchange exchange, JsonNode order) throws IOException {
        if (UNKNOWN_CARD.equals(order.path("cardToken").asString(null))) {
            problem(exchange, 422, "Unknown card token", "No card with token " + UNKNOWN_CARD);
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        StubPayment payment;
        int status;
        synchronized (paymentByKey) {
            String existing = key == null ? null : paymentByKey.get(key);
            if (existing != null) {
                payment = payments.get(existing);
                status = 200;
            } else {
                payment = newPayment(order);
                payments.put(payment.id(), payment);
                if (key != null) {
                    paymentByKey.put(key, payment.id());
                }
                status = 201;
            }
        }
        Map<String, Object> answer = view(payment);
        holdWhileAsked();
        json(exchange, status, answer);
    }

    private StubPayment newPayment(JsonNode order) {
        int number = ids.incrementAndGet();
        String method = order.path("method").asString();
        return new StubPayment("pay_" + number, method, "PENDING", order.path("amount").decimalValue(),
                order.path("currency").asString(), order.path("reference").asString(),
                order.path("correlationKey").asString(), method.equals("MONEY_TRANSFER") ? "tr_" + number : null,
                null, Instant.now());
    }

    private void holdWhileAsked() {
        CountDownLatch gate = creationGate;
        if (gate == null) {
            return;
        }
        heldCreations.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(HttpExchange exchange, StubPayment payment) throws IOException {
        if (payment == null) {
            problem(exchange, 404, "Not Found", "No such payment");
            return;
        }
        json(exchange, 200, view(payment));
    }

    private static Map<String, Object> view(StubPayment payment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", payment.id());
        view.put("status", payment.status());
        view.put("method", payment.method());
        view.put("amount", payment.amount());
        view.put("currency", payment.currency());
        view.put("reference", payment.reference());
        view.put("createdAt", payment.createdAt().toString());
        view.put("card", payment.transferId() == null ? Map.of("brand", "VISA", "last4", "4242") : null);
        if (payment.transferId() != null) {
            Map<String, Object> transfer = new LinkedHashMap<>();
            transfer.put("transferId", payment.transferId());
            transfer.put("beneficiary", "Concert Sale Ltd");
            transfer.put("iban", "DE89370400440532013000");
            transfer.put("bic", "COBADEFFXXX");
            transfer.put("reference", "CS-" + payment.id());
            transfer.put("amount", payment.amount());
            transfer.put("currency", payment.currency());
            transfer.put("dueBy", payment.createdAt().plus(Duration.ofDays(3)).toString());
            view.put("moneyTransfer", transfer);
        } else {
            view.put("moneyTransfer", null);
        }
        view.put("declineReason", payment.declineReason());
        return view;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", problem);
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = EventJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void pause() {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
