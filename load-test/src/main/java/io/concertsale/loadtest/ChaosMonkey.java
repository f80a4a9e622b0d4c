package io.concertsale.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the launcher with SIGKILL at random moments and starts it again on the same data folder, as often as the
 * plan says. Each kill comes between the plan's earliest and latest moment after the fans started arriving (the
 * first) or after the sale served again (the next ones), drawn from the run's seed, so a run can be repeated. Every
 * part runs in the launcher's one JVM, so a kill takes all of them down at once: broker, services and databases.
 */
final class ChaosMonkey {

    private static final Logger log = LoggerFactory.getLogger(ChaosMonkey.class);

    private final LauncherProcess launcher;
    private final Chaos plan;
    private final String adminPassword;
    private final Random random;
    private final List<Kill> kills = new ArrayList<>();
    private Thread thread;
    private volatile boolean down;
    private volatile RuntimeException failure;

    ChaosMonkey(LauncherProcess launcher, Chaos plan, String adminPassword, long seed) {
        this.launcher = launcher;
        this.plan = plan;
        this.adminPassword = adminPassword;
        this.random = new Random(seed * 31 + 17);
    }

    int planned() {
        return plan.kills();
    }

    /** Starts killing, on a thread of its own, as the fans start arriving; no kill is started after the deadline. */
    void start(long runStartNanos, long deadlineNanos, IntSupplier unfinishedFans) {
        long fansStartNanos = System.nanoTime();
        thread = Thread.ofPlatform().name("chaos-monkey").daemon().start(() -> {
            try {
                for (int number = 1; number <= plan.kills(); number++) {
                    long due = (number == 1 ? fansStartNanos : launcher.servingSinceNanos()) + delay().toNanos();
                    if (due > deadlineNanos) {
                        log.warn("Kill {} of {} would come after the run's deadline: not done", number, plan.kills());
                        return;
                    }
                    TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
                    int unfinished = unfinishedFans.getAsInt();
                    long killedAt = System.nanoTime();
                    down = true;
                    LauncherProcess.Killed killed = launcher.kill();
                    launcher.restart(adminPassword);
                    down = false;
                    Kill kill = new Kill(number, killed.pid(), Duration.ofNanos(killedAt - runStartNanos),
                            killed.upFor(), killed.exitValue(), unfinished, killed.deliveriesPending(),
                            Duration.ofNanos(launcher.servingSinceNanos() - killedAt));
                    synchronized (kills) {
                        kills.add(kill);
                    }
                    log.info("Kill {} of {}: {} fans unfinished then, the sale served again {} s later", number,
                            plan.kills(), unfinished, String.format("%.1f", kill.downFor().toMillis() / 1000.0));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failure = new IllegalStateException("Chaos failed: " + e.getMessage(), e);
                log.error("Chaos failed", e);
            }
        });
    }

    private Duration delay() {
        long spread = plan.latest().toMillis() - plan.earliest().toMillis();
        return plan.earliest().plusMillis(spread == 0 ? 0 : (long) (random.nextDouble() * spread));
    }

    /** True while the sale is down between a kill and its restart. */
    boolean down() {
        return down;
    }

    /** The kill thread failed (the launcher could not be killed or started again), or null. */
    RuntimeException failure() {
        return failure;
    }

    /**
     * Waits for the remaining kills and restarts (bounded by the deadline and one more start), and returns them.
     *
     * @throws IllegalStateException when a kill or restart failed
     */
    List<Kill> finish(long deadlineNanos) throws InterruptedException {
        long wait = Math.max(0, deadlineNanos - System.nanoTime()) + LauncherProcess.START_TIMEOUT.toNanos();
        thread.join(Duration.ofNanos(wait));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join();
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }
}
