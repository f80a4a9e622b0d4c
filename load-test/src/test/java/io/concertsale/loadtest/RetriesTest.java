package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final long AN_HOUR = Duration.ofHours(1).toNanos();

    private static <T> CompletableFuture<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(new CompletionException(failure));
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        for (int i = 0; i < 50; i++) {
            assertThat(Retries.backoff(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(Retries.backoff(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(Retries.backoff(4)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
            assertThat(Retries.backoff(40)).isBetween(Duration.ofMillis(2500), Retries.MAX_WAIT);
        }
    }

    @Test
    void aRequestThatNeverReachedTheSaleIsRefusedAndSafeToRepeat() {
        assertThat(Retries.reason(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo(Retries.Reason.REFUSED);
        assertThat(Retries.reason(new HttpConnectTimeoutException("connect timed out")))
                .isEqualTo(Retries.Reason.REFUSED);
        assertThat(Retries.reason(new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo(Retries.Reason.REFUSED);
    }

    @Test
    void aResetATimeoutOrABadGatewayLostTheAnswer() {
        assertThat(Retries.reason(new IOException("Connection reset"))).isEqualTo(Retries.Reason.ANSWER_LOST);
        assertThat(Retries.reason(new HttpTimeoutException("request timed out"))).isEqualTo(Retries.Reason.ANSWER_LOST);
        assertThat(Retries.reason(new GatewayClient.CallFailed("bad gateway", 502, ""))).isEqualTo(Retries.Reason.ANSWER_LOST);
        assertThat(Retries.reason(new GatewayClient.CallFailed("timeout", 504, ""))).isEqualTo(Retries.Reason.ANSWER_LOST);
    }

    @Test
    void aServiceUnavailableDidNothing() {
        assertThat(Retries.reason(new GatewayClient.CallFailed("later", 503, "payment-provider-unavailable")))
                .isEqualTo(Retries.Reason.UNAVAILABLE);
    }

    @Test
    void anAnswerOfTheSaleOrABugHereIsNotWorthAnotherTry() {
        assertThat(Retries.reason(new GatewayClient.CallFailed("conflict", 409, "stage-conflict"))).isNull();
        assertThat(Retries.reason(new GatewayClient.CallFailed("invalid", 400, "invalid-request"))).isNull();
        assertThat(Retries.reason(new IllegalStateException("bug"))).isNull();
    }

    @Test
    void aReadTheServerFailedIsTriedAgainButNotACommand() {
        Retries retries = new Retries(System.nanoTime() + AN_HOUR);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger commands = new AtomicInteger();

        String read = retries.call("look", Retries.READ, () -> reads.incrementAndGet() < 2
                ? failed(new GatewayClient.CallFailed("oops", 500, "")) : CompletableFuture.completedFuture("state"))
                .join();
        CompletableFuture<String> command = retries.call("reserve", Retries.ANY, () -> {
            commands.incrementAndGet();
            return failed(new GatewayClient.CallFailed("oops", 500, ""));
        });

        assertThat(read).isEqualTo("state");
        assertThat(retries.counts().serverErrors()).isEqualTo(1);
        assertThatThrownBy(command::join).cause().isInstanceOfSatisfying(Retries.GaveUp.class,
                gaveUp -> assertThat(gaveUp.reason).isEqualTo(Retries.Reason.SERVER_ERROR));
        assertThat(commands).hasValue(1);
    }

    @Test
    void aCallIsTriedAgainUntilItGetsThrough() {
        Retries retries = new Retries(System.nanoTime() + AN_HOUR);
        AtomicInteger tries = new AtomicInteger();

        String answer = retries.call("test", Retries.ANY, () -> tries.incrementAndGet() < 3
                ? failed(new ConnectException("Connection refused")) : CompletableFuture.completedFuture("through"))
                .join();

        assertThat(answer).isEqualTo("through");
        assertThat(tries).hasValue(3);
        assertThat(retries.counts().refused()).isEqualTo(2);
        assertThat(retries.counts().retries()).isEqualTo(2);
    }

    @Test
    void aCallThatMustNotTakeEffectTwiceIsNotRepeatedWhenItsAnswerWasLost() {
        Retries retries = new Retries(System.nanoTime() + AN_HOUR);
        AtomicInteger tries = new AtomicInteger();

        CompletableFuture<String> call = retries.call("pay", Retries.NOT_TAKEN, () -> {
            tries.incrementAndGet();
            return failed(new IOException("Connection reset"));
        });

        assertThatThrownBy(call::join).cause().isInstanceOfSatisfying(Retries.GaveUp.class,
                gaveUp -> assertThat(gaveUp.reason).isEqualTo(Retries.Reason.ANSWER_LOST));
        assertThat(tries).hasValue(1);
        assertThat(retries.counts().retries()).isZero();
    }

    @Test
    void noTryIsMadePastTheDeadline() {
        Retries retries = new Retries(System.nanoTime());
        AtomicInteger tries = new AtomicInteger();

        CompletableFuture<String> call = retries.call("join", Retries.ANY, () -> {
            tries.incrementAndGet();
            return failed(new ConnectException("Connection refused"));
        });

        assertThatThrownBy(call::join).cause().isInstanceOf(Retries.GaveUp.class).hasMessageContaining("deadline");
        assertThat(tries).hasValue(1);
        assertThat(retries.counts().givenUp()).isEqualTo(1);
    }

    @Test
    void anAnswerNotWorthAnotherTryFailsTheCallAtOnce() {
        Retries retries = new Retries(System.nanoTime() + AN_HOUR);
        AtomicInteger tries = new AtomicInteger();

        CompletableFuture<String> call = retries.call("reserve", Retries.ANY, () -> {
            tries.incrementAndGet();
            return failed(new GatewayClient.CallFailed("invalid", 400, "invalid-request"));
        });

        assertThatThrownBy(call::join).cause().isInstanceOf(GatewayClient.CallFailed.class);
        assertThat(tries).hasValue(1);
    }
}
