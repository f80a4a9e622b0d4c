package io.concertsale.queue.waitingroom;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Restores the positions cache before the service takes events, then runs the admission pass every tick on one
 * thread of its own, so no two passes ever run at once.
 */
public class AdmissionTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionTicker.class);

    private final WaitingRoom waitingRoom;
    private final Admissions admissions;
    private final Duration tick;
    private final boolean enabled;
    private volatile ScheduledExecutorService executor;
    private volatile boolean running;

    /** @param enabled false to leave the passes to the caller (tests drive {@link Admissions#tick()} themselves) */
    public AdmissionTicker(WaitingRoom waitingRoom, Admissions admissions, Duration tick, boolean enabled) {
        this.waitingRoom = waitingRoom;
        this.admissions = admissions;
        this.tick = tick;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        waitingRoom.restore();
        if (enabled) {
            executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("queue-admission").factory());
            executor.scheduleWithFixedDelay(this::runPass, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Admission ticker runs every {}", tick);
        } else {
            log.info("Admission ticker disabled (queue.admission.ticker-enabled=false)");
        }
        running = true;
    }

    private void runPass() {
        try {
            admissions.tick();
        } catch (RuntimeException e) {
            log.warn("Admission pass failed; the next tick tries again", e);
        }
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService scheduled = executor;
        executor = null;
        if (scheduled == null) {
            return;
        }
        scheduled.shutdown();
        try {
            if (!scheduled.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduled.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduled.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server, so no event arrives ahead of the restored cache. */
    @Override
    public int getPhase() {
        return 0;
    }
}
