package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private final Throttle throttle = new Throttle(2);
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private CompletableFuture<String> call() {
        return throttle.run(() -> {
            CompletableFuture<String> call = new CompletableFuture<>();
            synchronized (started) {
                started.add(call);
            }
            return call;
        });
    }

    private int startedCount() {
        synchronized (started) {
            return started.size();
        }
    }

    @Test
    void atMostTheLimitRunsAtOnceAndTheOthersStartInTurnAsCallsEnd() throws Exception {
        CompletableFuture<String> first = call();
        call();
        CompletableFuture<String> third = call();
        CompletableFuture<String> fourth = call();
        assertThat(startedCount()).isEqualTo(2);

        started.get(0).complete("one");
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("one");
        awaitStarted(3);
        assertThat(fourth).isNotDone();

        started.get(1).completeExceptionally(new IllegalStateException("failed"));
        awaitStarted(4);
        started.get(2).complete("three");
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("three");
    }

    @Test
    void aCallThatThrowsFailsAndGivesItsPlaceBack() throws Exception {
        CompletableFuture<String> failing = throttle.run(() -> {
            throw new IllegalArgumentException("bad request");
        });

        assertThat(failing).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .withRootCauseInstanceOf(IllegalArgumentException.class);
        call();
        call();
        awaitStarted(2);
    }

    private void awaitStarted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (startedCount() < count) {
            assertThat(System.nanoTime()).as("%d calls started", count).isLessThan(deadline);
            Thread.sleep(5);
        }
        Thread.sleep(50);
        assertThat(startedCount()).as("no more than that").isEqualTo(count);
    }
}
