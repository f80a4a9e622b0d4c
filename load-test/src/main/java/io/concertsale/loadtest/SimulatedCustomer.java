package io.concertsale.loadtest;

import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * One fan, behaving as a browser does: creates a session, joins the waiting room, follows the session the way the
 * gateway says ({@link Follower}: polling far back in the queue, over the WebSocket near the front and once
 * admitted), reserves when admitted, pays (with a declined card first when the scenario says so), and records what
 * happened and when.
 *
 * <p>The fan acts on the session's state as the gateway shows it, pushed, polled or looked up, so each of its actions
 * is safe to repeat. Calls are tried again as {@link Retries} says. When the WebSocket closes or fails before the fan
 * is done, it opens it again (with backoff; it polls meanwhile) and catches up with one {@code GET
 * /api/sessions/{id}}. A 409 stage conflict (a repeated command that had taken effect) or a payment whose answer was
 * lost is answered by looking at the session. It pays only for a payment attempt the session has not counted yet, so
 * it never pays twice for one reservation. Errors are what a browser would show as a failure: an unexpected answer, a
 * session that is gone, a call still failing at the run's deadline.
 */
final class SimulatedCustomer implements Follower.Actions {

    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    /** The declined card, the good one, and one more should a good card come back declined. */
    private static final int MAX_PAYMENTS = 3;
    private static final int UNKNOWN_SESSION = 4404;
    private static final int SALE_RESET = 4410;
    /** The gateway had no socket to spare after all ("try again later"). */
    private static final int TRY_AGAIN_LATER = 1013;
    /** Every fan's timers (the next poll, the next try of a socket), on one thread: they only start calls. */
    private static final ScheduledExecutorService TIMERS = timers();

    private final GatewayClient gateway;
    private final String ticketType;
    private final int quantity;
    private final boolean declineFirst;
    private final CountDownLatch done;

    String sessionId;
    /** When the first try to join was sent. */
    long joinSentNanos;
    /** When the fan knew it had joined: the join's 202, or the stage conflict of a repeated join. */
    long joinAckedNanos;
    long admittedSeenNanos;
    /** The fan learned of its admission from a poll (not a push): its wait includes up to one poll interval. */
    boolean admittedSeenPolling;
    long completedSeenNanos;
    Instant serverAdmittedAt;
    long queueNumber;
    String finalStage;
    String exitReason;
    String error;
    final List<String> ticketCodes = new ArrayList<>();

    private int reservationsAsked;
    private boolean paying;
    /** The most payment attempts the fan saw counted (or answered 202): a state counting fewer is an older one. */
    private int paymentsSeen;
    /** The newest state the fan acted on. */
    private JsonNode latest;
    private FanSocket connection;
    private final Follower follower = new Follower(this, System::nanoTime);
    private ScheduledFuture<?> wake;
    private boolean finished;
    private long lastStateNanos;

    SimulatedCustomer(GatewayClient gateway, String ticketType, int quantity, boolean declineFirst,
            CountDownLatch done) {
        this.gateway = gateway;
        this.ticketType = ticketType;
        this.quantity = quantity;
        this.declineFirst = declineFirst;
        this.done = done;
    }

    /**
     * Creates the session and joins the queue; completes once the join is answered. The answer says how to follow
     * the session from there (the state it shows is acted on as any other).
     */
    CompletableFuture<Void> start() {
        String[] step = {"create a session"};
        return gateway.createSession()
                .thenCompose(created -> {
                    sessionId = created.path("sessionId").asString();
                    step[0] = "join";
                    joinSentNanos = System.nanoTime();
                    return gateway.join(sessionId);
                })
                .thenAccept(ack -> {
                    joinAckedNanos = System.nanoTime();
                    onSession(ack);
                })
                .exceptionally(failure -> {
                    if (GatewayClient.CallFailed.is(failure, 409, "sold-out")) {
                        finish("REJECTED", "SOLD_OUT_BEFORE_JOINING");
                    } else if (GatewayClient.CallFailed.is(failure, 409, "stage-conflict")) {
                        joinAckedNanos = System.nanoTime();
                        look();
                    } else {
                        fail(step[0] + ": " + Retries.message(failure));
                    }
                    return null;
                });
    }

    /** Acts on the session's state, pushed over the WebSocket, looked up, or the answer to a command. */
    void onSession(JsonNode session) {
        onSession(session, false);
    }

    /** Acts on the session's state, and follows it as its hint says. */
    private synchronized void onSession(JsonNode session, boolean polled) {
        if (finished) {
            return;
        }
        lastStateNanos = System.nanoTime();
        follower.onState(Follower.Hint.of(session));
        JsonNode queue = session.path("queue");
        if (queue.has("number")) {
            queueNumber = queue.path("number").asLong();
        }
        if (queue.hasNonNull("admittedAt") && serverAdmittedAt == null) {
            serverAdmittedAt = Instant.parse(queue.path("admittedAt").asString());
        }
        int payments = session.path("payment").path("attempts").asInt(0);
        if (payments < paymentsSeen) {
            return; // older than a state the fan saw already (a push and a look crossed): nothing to act on
        }
        paymentsSeen = payments;
        latest = session;
        String stage = session.path("stage").asString("");
        switch (stage) {
            case "ADMITTED" -> admitted(session, polled);
            case "RESERVED" -> reserved(session);
            case "COMPLETED" -> {
                completedSeenNanos = System.nanoTime();
                for (JsonNode ticket : session.path("tickets")) {
                    ticketCodes.add(ticket.path("code").asString());
                }
                finish(stage, null);
            }
            case "REJECTED", "EXPIRED", "ABANDONED" -> finish(stage, session.path("exit").path("reason").asString(null));
            default -> {
                // NEW, QUEUED, PAYMENT_PENDING, PAID: the next state comes from the services
            }
        }
    }

    private void admitted(JsonNode session, boolean polled) {
        if (admittedSeenNanos == 0) {
            admittedSeenNanos = System.nanoTime();
            admittedSeenPolling = polled;
        }
        if (reservationsAsked == 0) {
            reserve(quantity);
        } else if (reservationsAsked == 1 && session.path("exit").path("retryable").asBoolean(false)) {
            reserve(1);
        }
    }

    private void reserve(int count) {
        reservationsAsked++;
        gateway.reserve(sessionId, ticketType, count).whenComplete((answer, failure) -> {
            if (failure == null) {
                return;
            }
            if (GatewayClient.CallFailed.is(failure, 409, "stage-conflict")) {
                look();
            } else {
                fail("reserve: " + Retries.message(failure));
            }
        });
    }

    private void reserved(JsonNode session) {
        JsonNode payment = session.path("payment");
        int attempts = payment.path("attempts").asInt(0);
        String status = payment.path("status").asString("NONE");
        if (paying || attempts >= MAX_PAYMENTS) {
            return;
        }
        boolean first = attempts == 0 && "NONE".equals(status);
        if (first || "DECLINED".equals(status)) {
            pay(attempts, first && declineFirst ? DECLINED_CARD : GOOD_CARD);
        }
    }

    private void pay(int attempt, String card) {
        paying = true;
        gateway.payByCard(sessionId, card).whenComplete((answer, failure) -> paid(attempt, failure));
    }

    private synchronized void paid(int attempt, Throwable failure) {
        paying = false;
        if (failure == null) {
            paymentsSeen = Math.max(paymentsSeen, attempt + 1);
            if (latest != null) {
                onSession(latest); // a state that came while paying (a quick decline) was not acted on
            }
        } else if (Retries.unwrap(failure) instanceof Retries.GaveUp gaveUp
                && gaveUp.reason == Retries.Reason.ANSWER_LOST
                || GatewayClient.CallFailed.is(failure, 409, "stage-conflict")) {
            look();
        } else {
            fail("pay: " + Retries.message(failure));
        }
    }

    /** Catches up with one GET and acts on what it shows. */
    private void look() {
        gateway.retries().lookedUp();
        gateway.session(sessionId).whenComplete((session, failure) -> {
            if (failure == null) {
                onSession(session);
            } else {
                fail("look at the session: " + Retries.message(failure));
            }
        });
    }

    // ---------------------------------------------------------------- following (Follower.Actions, under the lock)

    @Override
    public void connect() {
        FanSocket opening = new FanSocket(this, gateway.following());
        connection = opening;
        gateway.connect(sessionId, opening).whenComplete((socket, failure) -> {
            if (failure != null) {
                notOpened(opening, failure);
            }
        });
    }

    @Override
    public void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void wakeAfter(Duration delay) {
        cancelWake();
        wake = TIMERS.schedule(this::wake, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void cancelWake() {
        if (wake != null) {
            wake.cancel(false);
            wake = null;
        }
    }

    @Override
    public void poll() {
        gateway.poll(sessionId).whenComplete((session, failure) -> polled(session, failure));
    }

    @Override
    public void catchUp() {
        look();
    }

    private synchronized void wake() {
        wake = null;
        if (!finished) {
            follower.wake();
        }
    }

    private synchronized void polled(JsonNode session, Throwable failure) {
        follower.polled();
        if (failure == null) {
            onSession(session, true);
        } else {
            fail("poll the session: " + Retries.message(failure));
        }
    }

    synchronized void opened(FanSocket opened, WebSocket socket) {
        if (finished || opened != connection) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
            return;
        }
        if (follower.opened()) {
            gateway.retries().reconnected();
        }
    }

    /** The WebSocket could not be opened: refused by the gateway, or the sale could not be reached. */
    private synchronized void notOpened(FanSocket attempt, Throwable failure) {
        if (finished || attempt != connection) {
            return;
        }
        connection = null;
        Throwable cause = Retries.unwrap(failure);
        if (cause instanceof GatewayClient.Refused refused) {
            follower.lost(refused.retryAfter);
        } else if (Retries.reason(cause) != null || cause instanceof TimeoutException) {
            follower.lost(Duration.ZERO);
        } else {
            fail("websocket: " + Retries.message(failure));
        }
    }

    /** The WebSocket closed ({@code statusCode}) or failed (0): poll, and open another later, unless it is gone. */
    synchronized void lost(FanSocket lost, int statusCode, String why) {
        if (finished || lost != connection) {
            return;
        }
        connection = null;
        if (statusCode == UNKNOWN_SESSION || statusCode == SALE_RESET) {
            fail("websocket closed " + statusCode + " " + why);
            return;
        }
        if (statusCode == TRY_AGAIN_LATER) {
            gateway.following().refused();
        }
        follower.lost(Duration.ZERO);
    }

    void badMessage(String why) {
        fail("bad message: " + why);
    }

    private synchronized void fail(String message) {
        if (finished) {
            return;
        }
        error = message;
        finish("ERROR", null);
    }

    private synchronized void finish(String stage, String reason) {
        if (finished) {
            return;
        }
        finished = true;
        finalStage = stage;
        exitReason = reason;
        follower.stop();
        disconnect();
        done.countDown();
    }

    /** Where an unfinished fan is: its session, the last state it saw and when, and how it follows the session. */
    synchronized String whereNow() {
        String stage = latest == null ? "none" : latest.path("stage").asString("?");
        String since = lastStateNanos == 0 ? "never"
                : (System.nanoTime() - lastStateNanos) / 1_000_000_000L + " s ago";
        return sessionId + " (last state " + stage + ", " + since + "; " + follower + ")";
    }

    synchronized boolean isFinished() {
        return finished;
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("fan-timers").daemon().factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
