package io.concertsale.eventkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.schedule.PeriodicJob;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The services' one scheduling mechanism, as the kit wires it: jobs declared as beans run on their own threads, never
 * overlap themselves, never hold each other up, and outlive their failures.
 */
class PeriodicJobsTest {

    private static final Duration OFTEN = Duration.ofMillis(20);

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(EventKitAutoConfiguration.Scheduling.class);

    @Test
    void aJobThatNeverFinishesHoldsUpNoOtherJob() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch otherRanOften = new CountDownLatch(5);
        context.withBean("stuck", PeriodicJob.class, () -> PeriodicJob.every(OFTEN, "stuck job", () -> {
            stuck.countDown();
            await(release);
        })).withBean("other", PeriodicJob.class, () -> PeriodicJob.every(OFTEN, "other job", otherRanOften::countDown))
                .run(running -> {
                    try {
                        assertThat(stuck.await(10, TimeUnit.SECONDS)).as("the stuck job started").isTrue();
                        assertThat(otherRanOften.await(10, TimeUnit.SECONDS))
                                .as("the other job ran five times while the first one was stuck").isTrue();
                    } finally {
                        release.countDown();
                    }
                });
    }

    @Test
    void aJobStillBusyWhenItsTurnComesSkipsTheTurn() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch runs = new CountDownLatch(4);
        context.withBean("slow", PeriodicJob.class, () -> PeriodicJob.every(Duration.ofMillis(5), "slow job", () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(60);
            running.decrementAndGet();
            runs.countDown();
        })).run(started -> {
            assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mostAtOnce).as("runs of the job at the same time").hasValue(1);
        });
    }

    @Test
    void aJobThatFailsRunsAgainAtItsNextTurn() {
        CountDownLatch attempts = new CountDownLatch(3);
        context.withBean("failing", PeriodicJob.class, () -> PeriodicJob.every(OFTEN, "failing job", () -> {
            attempts.countDown();
            throw new IllegalStateException("the database is away");
        })).run(started -> assertThat(attempts.await(10, TimeUnit.SECONDS)).isTrue());
    }

    @Test
    void aJobStartsAfterItsInitialDelay() {
        AtomicInteger late = new AtomicInteger();
        CountDownLatch soon = new CountDownLatch(1);
        context.withBean("late", PeriodicJob.class,
                () -> PeriodicJob.every(OFTEN, "late job", late::incrementAndGet).startingAfter(Duration.ofHours(1)))
                .withBean("soon", PeriodicJob.class, () -> PeriodicJob.every(OFTEN, "soon job", soon::countDown))
                .run(started -> {
                    assertThat(soon.await(10, TimeUnit.SECONDS)).isTrue();
                    sleep(200);
                    assertThat(late).as("turns of a job that starts in an hour").hasValue(0);
                });
    }

    @Test
    void aJobNeedsANameAndAPositiveInterval() {
        assertThatThrownBy(() -> PeriodicJob.every(Duration.ZERO, "sweep", () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweep");
        assertThatThrownBy(() -> PeriodicJob.every(Duration.ofSeconds(-1), "sweep", () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeriodicJob.every(OFTEN, " ", () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeriodicJob.every(OFTEN, "sweep", () -> { }).startingAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
