package io.concertsale.loadtest;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;

/**
 * One fan, behaving as a browser does: creates a session, follows it over its WebSocket, joins the waiting room,
 * reserves when admitted, pays (with a declined card first when the scenario says so), and records what happened
 * and when.
 *
 * <p>The fan acts on the session's state as the gateway shows it, pushed or looked up, so each of its actions is
 * safe to repeat. Calls are tried again as {@link Retries} says. When the WebSocket closes or fails before the fan is
 * done, it opens it again (with backoff) and catches up with one {@code GET /api/sessions/{id}}. A 409 stage conflict
 * (a repeated command that had taken effect) or a payment whose answer was lost is answered by looking at the
 * session. It pays only for a payment attempt the session has not counted yet, so it never pays twice for one
 * reservation. Errors are what a browser would show as a failure: an unexpected answer, a session that is gone, a
 * call still failing at the run's deadline.
 */
final class SimulatedCustomer {

    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    /** The declined card, the good one, and one more should a good card come back declined. */
    private static final int MAX_PAYMENTS = 3;
    private static final int UNKNOWN_SESSION = 4404;
    private static final int SALE_RESET = 4410;

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
    private Connection connection;
    private boolean finished;

    SimulatedCustomer(GatewayClient gateway, String ticketType, int quantity, boolean declineFirst,
            CountDownLatch done) {
        this.gateway = gateway;
        this.ticketType = ticketType;
        this.quantity = quantity;
        this.declineFirst = declineFirst;
        this.done = done;
    }

    /** Creates the session, opens its WebSocket and joins the queue; completes once the join is answered. */
    CompletableFuture<Void> start() {
        String[] step = {"create a session"};
        return gateway.createSession()
                .thenCompose(created -> {
                    sessionId = created.path("sessionId").asString();
                    step[0] = "open the WebSocket";
                    return gateway.connect(sessionId, new Connection());
                })
                .thenCompose(ws -> {
                    step[0] = "join";
                    joinSentNanos = System.nanoTime();
                    return gateway.join(sessionId);
                })
                .thenAccept(ack -> joinAckedNanos = System.nanoTime())
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

    /** Acts on the session's state, pushed over the WebSocket or looked up. */
    synchronized void onSession(JsonNode session) {
        if (finished) {
            return;
        }
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
            case "ADMITTED" -> admitted(session);
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

    private void admitted(JsonNode session) {
        if (admittedSeenNanos == 0) {
            admittedSeenNanos = System.nanoTime();
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

    private synchronized void opened(Connection opened, WebSocket socket) {
        if (finished) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
            return;
        }
        connection = opened;
    }

    /** The WebSocket closed ({@code statusCode}) or failed (0): open another unless the session is gone. */
    private synchronized void lost(Connection lost, int statusCode, String why) {
        if (finished || lost != connection) {
            return;
        }
        connection = null;
        if (statusCode == UNKNOWN_SESSION || statusCode == SALE_RESET) {
            fail("websocket closed " + statusCode + " " + why);
            return;
        }
        gateway.retries().reconnected();
        Retries.after(Retries.backoff(1)).execute(() -> gateway.connect(sessionId, new Connection())
                .whenComplete((socket, failure) -> {
                    if (failure == null) {
                        look();
                    } else {
                        fail("websocket: " + Retries.message(failure));
                    }
                }));
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
        if (connection != null) {
            connection.close();
        }
        done.countDown();
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** One WebSocket of the session: a reconnect opens a new one. */
    private final class Connection implements WebSocket.Listener {

        private final StringBuilder frame = new StringBuilder();
        private volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            opened(this, webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String message = frame.toString();
                frame.setLength(0);
                try {
                    onSession(GatewayClient.JSON.readTree(message));
                } catch (RuntimeException e) {
                    fail("bad message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(this, 0, Retries.message(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(this, statusCode, reason);
            return null;
        }

        void close() {
            WebSocket open = socket;
            if (open != null) {
                open.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
            }
        }
    }
}
