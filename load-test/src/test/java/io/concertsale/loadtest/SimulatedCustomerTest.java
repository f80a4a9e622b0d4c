package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A fan against a stand-in gateway on a real HTTP server: what it sends for each state it sees, and when it looks. */
class SimulatedCustomerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough for a request the fan should not send to have arrived, had it sent it. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private HttpServer server;
    private final Queue<String> cardsPaid = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reservations = new AtomicInteger();
    private final AtomicInteger looks = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicBoolean loseFirstPaymentAnswer = new AtomicBoolean();
    private volatile CountDownLatch firstPaymentAnswer = new CountDownLatch(0);
    private volatile int reservationStatus = 202;
    private volatile int sessionStatus = 200;
    private volatile JsonNode session;
    private final CountDownLatch done = new CountDownLatch(1);
    private GatewayClient gateway;
    private SimulatedCustomer fan;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/sessions/", this::handle);
        server.createContext("/ws/sessions/", this::refuseWebSocket);
        server.start();
        gateway = new GatewayClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                new Retries(System.nanoTime() + Duration.ofMinutes(1).toNanos()));
        fan = newFan(gateway, false);
    }

    private SimulatedCustomer newFan(GatewayClient gateway, boolean declineFirst) {
        SimulatedCustomer customer = new SimulatedCustomer(gateway, "GENERAL", 2, declineFirst, done);
        customer.sessionId = "session-1";
        return customer;
    }

    @AfterEach
    void stop() {
        fan.onSession(state("ABANDONED", 0, "NONE")); // a fan that follows its session stops at a final stage
        firstPaymentAnswer.countDown();
        server.stop(0);
    }

    /** The gateway with every WebSocket taken: 503 before the upgrade, try again in 2 s. */
    private void refuseWebSocket(HttpExchange exchange) throws IOException {
        handshakes.incrementAndGet();
        exchange.getResponseHeaders().add("Retry-After", "2");
        answer(exchange, 503, "{\"type\":\"urn:concertsale:problem:websocket-unavailable\",\"status\":503}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/payment")) {
            cardsPaid.add(GatewayClient.JSON.readTree(body).path("card").path("number").asString());
            if (cardsPaid.size() == 1 && loseFirstPaymentAnswer.get()) {
                exchange.close(); // the connection ends without an answer: the fan cannot know what happened
                return;
            }
            if (cardsPaid.size() == 1) {
                await(firstPaymentAnswer);
            }
            answer(exchange, 202, "{}");
        } else if (path.endsWith("/reservation")) {
            reservations.incrementAndGet();
            answer(exchange, reservationStatus, reservationStatus == 409
                    ? "{\"type\":\"urn:concertsale:problem:stage-conflict\",\"status\":409}" : "{}");
        } else {
            looks.incrementAndGet();
            answer(exchange, sessionStatus, sessionStatus == 200 ? session.toString()
                    : "{\"type\":\"urn:concertsale:problem:session-not-found\",\"status\":404}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode state(String stage, int attempts, String paymentStatus) {
        ObjectNode state = GatewayClient.JSON.createObjectNode().put("sessionId", "session-1").put("stage", stage);
        state.putObject("payment").put("status", paymentStatus).put("attempts", attempts);
        return state;
    }

    private static ObjectNode following(ObjectNode state, String mode, int refreshAfterSeconds) {
        state.putObject("follow").put("mode", mode).put("refreshAfterSeconds", refreshAfterSeconds);
        return state;
    }

    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aPaymentWhoseAnswerWasLostIsLookedUpAndNotPaidAgainWhenTheSessionCountedIt() throws Exception {
        loseFirstPaymentAnswer.set(true);
        session = state("PAYMENT_PENDING", 1, "PENDING");

        fan.onSession(state("RESERVED", 0, "NONE"));

        until(() -> looks.get() == 1, "the fan looking at its session");
        Thread.sleep(QUIET.toMillis());
        assertThat(cardsPaid).containsExactly(SimulatedCustomer.GOOD_CARD);
        assertThat(fan.error).isNull();
    }

    @Test
    void aPaymentWhoseAnswerWasLostIsPaidAgainWhenTheSessionDidNotCountIt() throws Exception {
        loseFirstPaymentAnswer.set(true);
        session = state("RESERVED", 0, "NONE");

        fan.onSession(state("RESERVED", 0, "NONE"));

        until(() -> cardsPaid.size() == 2, "the second payment");
        Thread.sleep(QUIET.toMillis());
        assertThat(cardsPaid).hasSize(2);
        assertThat(looks).hasValue(1);
    }

    @Test
    void aDeclinedCardIsFollowedByTheGoodCardOnceHoweverOftenAStateComes() throws Exception {
        fan = newFan(new GatewayClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                new Retries(System.nanoTime() + Duration.ofMinutes(1).toNanos())), true);

        fan.onSession(state("RESERVED", 0, "NONE"));
        until(() -> cardsPaid.size() == 1, "the first payment");
        fan.onSession(state("RESERVED", 0, "NONE"));
        fan.onSession(state("PAYMENT_PENDING", 1, "PENDING"));
        fan.onSession(state("RESERVED", 1, "DECLINED"));
        until(() -> cardsPaid.size() == 2, "the second payment");
        fan.onSession(state("RESERVED", 1, "DECLINED"));
        fan.onSession(state("RESERVED", 0, "NONE"));

        Thread.sleep(QUIET.toMillis());
        assertThat(cardsPaid).containsExactly(SimulatedCustomer.DECLINED_CARD, SimulatedCustomer.GOOD_CARD);
    }

    @Test
    void aDeclineShownBeforeThePaymentWasAnsweredIsStillFollowedByTheGoodCard() throws Exception {
        fan = newFan(new GatewayClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                new Retries(System.nanoTime() + Duration.ofMinutes(1).toNanos())), true);
        firstPaymentAnswer = new CountDownLatch(1);

        fan.onSession(state("RESERVED", 0, "NONE"));
        until(() -> cardsPaid.size() == 1, "the first payment");
        fan.onSession(state("RESERVED", 1, "DECLINED"));
        firstPaymentAnswer.countDown();

        until(() -> cardsPaid.size() == 2, "the second payment");
        assertThat(cardsPaid).containsExactly(SimulatedCustomer.DECLINED_CARD, SimulatedCustomer.GOOD_CARD);
    }

    @Test
    void aStageConflictOnAReservationMeansLookAtTheSessionAndActOnIt() throws Exception {
        reservationStatus = 409;
        session = state("RESERVED", 0, "NONE");

        fan.onSession(state("ADMITTED", 0, "NONE"));

        until(() -> cardsPaid.size() == 1, "the payment after the look");
        assertThat(reservations).hasValue(1);
        assertThat(looks).hasValue(1);
        assertThat(fan.error).isNull();
    }

    @Test
    void aSessionThatIsGoneIsAnError() throws Exception {
        reservationStatus = 409;
        sessionStatus = 404;

        fan.onSession(state("ADMITTED", 0, "NONE"));

        assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(fan.finalStage).isEqualTo("ERROR");
        assertThat(fan.error).startsWith("look at the session").contains("404");
    }

    @Test
    void aFanToldToPollReadsItsSessionAtThatIntervalAndOpensNoWebSocket() throws Exception {
        session = following(state("QUEUED", 0, "NONE"), "POLL", 1);

        long start = System.nanoTime();
        fan.onSession(session);
        until(() -> looks.get() == 2, "two polls");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one second apart").isGreaterThan(
                Duration.ofMillis(1_900));
        assertThat(handshakes).hasValue(0);
        assertThat(gateway.following().counts().polls()).isGreaterThanOrEqualTo(2);
        assertThat(fan.error).isNull();
    }

    @Test
    void aFanRefusedItsWebSocketPollsMeanwhileAndTriesAgainAfterRetryAfter() throws Exception {
        session = following(state("QUEUED", 0, "NONE"), "WEBSOCKET", 1);

        long start = System.nanoTime();
        fan.onSession(session);
        until(() -> handshakes.get() == 1 && looks.get() >= 1, "the refusal and a poll");
        until(() -> gateway.following().counts().socketsRefused() == 2, "the socket tried again, and refused");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before Retry-After").isGreaterThan(
                Duration.ofMillis(1_900));
        assertThat(looks.get()).as("polled every second meanwhile").isBetween(1, 3);
        assertThat(handshakes).hasValue(2);
        assertThat(gateway.following().counts().socketsOpened()).isZero();
        assertThat(fan.error).isNull();
    }

    @Test
    void anAdmissionSeenOnAPollIsMarkedSo() throws Exception {
        ObjectNode admitted = following(state("ADMITTED", 0, "NONE"), "WEBSOCKET", 1);
        session = admitted;
        reservationStatus = 202;

        fan.onSession(following(state("QUEUED", 0, "NONE"), "POLL", 1));
        until(() -> reservations.get() == 1, "the reservation after the poll");

        assertThat(fan.admittedSeenNanos).isPositive();
        assertThat(fan.admittedSeenPolling).isTrue();
    }

    @Test
    void aCompletedSessionFinishesTheFanWithItsTickets() {
        ObjectNode completed = state("COMPLETED", 1, "AUTHORIZED");
        completed.putArray("tickets").add(GatewayClient.JSON.createObjectNode().put("code", "C5XX"))
                .add(GatewayClient.JSON.createObjectNode().put("code", "D7YY"));

        fan.onSession(completed);

        assertThat(done.getCount()).isZero();
        assertThat(fan.finalStage).isEqualTo("COMPLETED");
        assertThat(fan.ticketCodes).isEqualTo(List.of("C5XX", "D7YY"));
    }
}
