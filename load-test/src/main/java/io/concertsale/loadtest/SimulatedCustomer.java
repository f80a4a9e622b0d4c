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
 * One fan: joins the waiting room, follows the session over its WebSocket, reserves when admitted, pays (with a
 * declined card first when the scenario says so), and records what happened and when.
 */
final class SimulatedCustomer implements WebSocket.Listener {

    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";

    private final GatewayClient gateway;
    private final String ticketType;
    private final int quantity;
    private final boolean declineFirst;
    private final CountDownLatch done;
    private final StringBuilder frame = new StringBuilder();

    String sessionId;
    long joinSentNanos;
    long joinAckedNanos;
    long admittedSeenNanos;
    long completedSeenNanos;
    Instant serverAdmittedAt;
    long queueNumber;
    String finalStage;
    String exitReason;
    String error;
    final List<String> ticketCodes = new ArrayList<>();
    private boolean reserving;
    private boolean retriedSmaller;
    private int paymentsSent;
    private boolean finished;
    private WebSocket socket;

    SimulatedCustomer(GatewayClient gateway, String ticketType, int quantity, boolean declineFirst,
            CountDownLatch done) {
        this.gateway = gateway;
        this.ticketType = ticketType;
        this.quantity = quantity;
        this.declineFirst = declineFirst;
        this.done = done;
    }

    /** Creates the session, opens its WebSocket and joins the queue. */
    CompletableFuture<Void> start() {
        return gateway.createSession()
                .thenCompose(created -> {
                    sessionId = created.path("sessionId").asString();
                    return gateway.connect(sessionId, this);
                })
                .thenCompose(ws -> {
                    socket = ws;
                    joinSentNanos = System.nanoTime();
                    return gateway.join(sessionId);
                })
                .thenAccept(ack -> joinAckedNanos = System.nanoTime())
                .exceptionally(failure -> {
                    if (rootCause(failure) instanceof GatewayClient.CallFailed call && call.status == 409
                            && call.getMessage().contains("sold-out")) {
                        finish("REJECTED", "SOLD_OUT_BEFORE_JOINING");
                    } else {
                        fail("start: " + rootMessage(failure));
                    }
                    return null;
                });
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
        if (!isFinished()) {
            fail("websocket: " + rootMessage(error));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!isFinished()) {
            fail("websocket closed " + statusCode + " " + reason);
        }
        return null;
    }

    synchronized void onSession(JsonNode session) {
        if (finished) {
            return;
        }
        String stage = session.path("stage").asString("");
        JsonNode queue = session.path("queue");
        if (queue.has("number")) {
            queueNumber = queue.path("number").asLong();
        }
        if (queue.hasNonNull("admittedAt") && serverAdmittedAt == null) {
            serverAdmittedAt = Instant.parse(queue.path("admittedAt").asString());
        }
        switch (stage) {
            case "ADMITTED" -> {
                if (admittedSeenNanos == 0) {
                    admittedSeenNanos = System.nanoTime();
                }
                JsonNode exit = session.path("exit");
                if (!reserving) {
                    reserving = true;
                    reserve(quantity);
                } else if (exit.path("retryable").asBoolean(false) && !retriedSmaller) {
                    retriedSmaller = true;
                    reserve(1);
                }
            }
            case "RESERVED" -> {
                String paymentStatus = session.path("payment").path("status").asString("NONE");
                if (paymentsSent == 0 || ("DECLINED".equals(paymentStatus) && paymentsSent == 1)) {
                    pay(paymentsSent == 0 && declineFirst ? DECLINED_CARD : GOOD_CARD);
                }
            }
            case "COMPLETED" -> {
                completedSeenNanos = System.nanoTime();
                for (JsonNode ticket : session.path("tickets")) {
                    ticketCodes.add(ticket.path("code").asString());
                }
                finish(stage, null);
            }
            case "REJECTED", "EXPIRED", "ABANDONED" -> finish(stage, session.path("exit").path("reason").asString(null));
            default -> {
            }
        }
    }

    private void reserve(int count) {
        gateway.reserve(sessionId, ticketType, count).exceptionally(failure -> {
            fail("reserve: " + rootMessage(failure));
            return null;
        });
    }

    private void pay(String card) {
        paymentsSent++;
        gateway.payByCard(sessionId, card).exceptionally(failure -> {
            fail("pay: " + rootMessage(failure));
            return null;
        });
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
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
        }
        done.countDown();
    }

    synchronized boolean isFinished() {
        return finished;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = rootCause(failure);
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
