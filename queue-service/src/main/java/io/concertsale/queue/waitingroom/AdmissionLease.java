package io.concertsale.queue.waitingroom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's part in admission across instances. The passes themselves are a periodic job
 * ({@code config/QueueJobs}): every instance ticks, only the one that holds the admission lease admits (see
 * {@link Admissions}), so no two passes ever run at once, in this process or in another. At start it says where the
 * waiting room stands; at stop, once the web server and the passes stopped, it gives the lease up, so another instance
 * takes over at its next tick instead of when the lease runs out.
 */
public class AdmissionLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionLease.class);

    private final WaitingRoom waitingRoom;
    private final Admissions admissions;
    private volatile boolean running;

    public AdmissionLease(WaitingRoom waitingRoom, Admissions admissions) {
        this.waitingRoom = waitingRoom;
        this.admissions = admissions;
    }

    @Override
    public void start() {
        waitingRoom.restore();
        running = true;
    }

    /** Whether this instance admits: it held the admission lease in its last pass. */
    public boolean leading() {
        return admissions.leading();
    }

    @Override
    public void stop() {
        running = false;
        try {
            admissions.release();
        } catch (RuntimeException e) {
            log.warn("Could not give the admission lease up; another instance takes it over once it ran out", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Before the web server starts and after it stopped (the periodic jobs stop first of all, when the context
     * closes), so the lease is given up once no event and no pass can take it again.
     */
    @Override
    public int getPhase() {
        return 0;
    }
}
