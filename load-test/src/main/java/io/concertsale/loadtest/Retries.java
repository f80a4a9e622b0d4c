package io.concertsale.loadtest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * How a browser keeps trying. A call that could not reach the sale, whose answer was lost, or that the server turned
 * away as unavailable (and a read the server failed) is tried again after an exponential backoff with jitter (from
 * {@link #FIRST_WAIT}, doubling, at most {@link #MAX_WAIT}) until the run's deadline. Counts every retry, reconnect
 * and look at a session.
 */
final class Retries {

    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /** Why a call failed in a way worth another try. */
    enum Reason {
        /** The request never reached the sale (connection refused, connect timed out): repeating it is always safe. */
        REFUSED,
        /** The server said 503: it did not do it, try later. */
        UNAVAILABLE,
        /** Sent, but the answer was lost (reset, closed, timed out, 502, 504): it may have taken effect. */
        ANSWER_LOST,
        /** The server failed (500): a page repeats a read (a push or a look brings the state), not a command. */
        SERVER_ERROR
    }

    /** For commands that are safe to repeat: whatever kept them from getting through. */
    static final Set<Reason> ANY = Set.of(Reason.REFUSED, Reason.UNAVAILABLE, Reason.ANSWER_LOST);
    /** For reads: also after a server error. */
    static final Set<Reason> READ = Set.of(Reason.values());
    /** Only where the request surely had no effect: for calls that must not take effect twice. */
    static final Set<Reason> NOT_TAKEN = Set.of(Reason.REFUSED, Reason.UNAVAILABLE);

    /** A call given up: the run's deadline passed, or the failure was not worth another try with this policy. */
    static final class GaveUp extends RuntimeException {
        final Reason reason;

        GaveUp(String message, Reason reason, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }
    }

    private final long deadlineNanos;
    private final Map<Reason, LongAdder> retried = new EnumMap<>(Reason.class);
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder givenUp = new LongAdder();

    /** @param deadlineNanos the run's deadline on {@link System#nanoTime()}: no retry waits beyond it */
    Retries(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        for (Reason reason : Reason.values()) {
            retried.put(reason, new LongAdder());
        }
    }

    /**
     * Runs the call, and runs it again after a backoff while it fails for one of the reasons given.
     *
     * @return the first answer; fails with {@link GaveUp} for a retryable failure not in {@code retryOn} or past the
     *         deadline, and with the failure itself for any other
     */
    <T> CompletableFuture<T> call(String what, Set<Reason> retryOn, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, retryOn, attempt, 1, result);
        return result;
    }

    private <T> void attempt(String what, Set<Reason> retryOn, Supplier<CompletableFuture<T>> attempt, int number,
            CompletableFuture<T> result) {
        attempt.get().whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Reason reason = reason(failure);
            if (reason == null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            if (!retryOn.contains(reason)) {
                result.completeExceptionally(new GaveUp(what + ": " + message(failure), reason, unwrap(failure)));
                return;
            }
            Duration wait = backoff(number);
            if (!before(wait)) {
                givenUp.increment();
                result.completeExceptionally(new GaveUp(what + ": still failing at the run's deadline after "
                        + number + " tries: " + message(failure), reason, unwrap(failure)));
                return;
            }
            retried.get(reason).increment();
            after(wait).execute(() -> attempt(what, retryOn, attempt, number + 1, result));
        });
    }

    /** The wait before try {@code number + 1}: half of the exponential step fixed, half random ("equal jitter"). */
    static Duration backoff(int number) {
        long step = Math.min(MAX_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(number - 1, 20));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }

    /** True when waiting this long still ends before the deadline. */
    boolean before(Duration wait) {
        return System.nanoTime() + wait.toNanos() < deadlineNanos;
    }

    static Executor after(Duration wait) {
        return CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the failure is worth another try, or null when it is not (a refusal, a bug, a 4xx). */
    static Reason reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof GaveUp) {
            return null;
        }
        if (cause instanceof GatewayClient.CallFailed call) {
            return switch (call.status) {
                case 500 -> Reason.SERVER_ERROR;
                case 503 -> Reason.UNAVAILABLE;
                case 502, 504 -> Reason.ANSWER_LOST;
                default -> null;
            };
        }
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            return status == 502 || status == 503 || status == 504 ? Reason.UNAVAILABLE : null;
        }
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof ConnectException || link instanceof HttpConnectTimeoutException) {
                return Reason.REFUSED;
            }
        }
        if (cause instanceof HttpTimeoutException || cause instanceof IOException) {
            return Reason.ANSWER_LOST;
        }
        return null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String message(Throwable failure) {
        Throwable cause = unwrap(failure);
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    void reconnected() {
        reconnects.increment();
    }

    void lookedUp() {
        lookups.increment();
    }

    /** What was retried so far. */
    RetryCounts counts() {
        return new RetryCounts(retried.get(Reason.REFUSED).sum(), retried.get(Reason.UNAVAILABLE).sum(),
                retried.get(Reason.ANSWER_LOST).sum(), retried.get(Reason.SERVER_ERROR).sum(), reconnects.sum(),
                lookups.sum(), givenUp.sum());
    }
}
