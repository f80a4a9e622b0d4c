package io.concertsale.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's clock: the system clock plus an offset that only tests move ({@link #advance}), the way Zeebe's
 * test engine lets time pass. Timers, job deadlines and message lifetimes all read it.
 */
public final class EngineClock {

    private final AtomicLong offsetMillis = new AtomicLong();
    private volatile Runnable onChange = () -> { };
    /** The time the clock stands still at, or null while it runs. */
    private volatile Long pinnedMillis;

    /** Epoch milliseconds. */
    public long millis() {
        Long pinned = pinnedMillis;
        return pinned != null ? pinned : System.currentTimeMillis() + offsetMillis.get();
    }

    public Instant now() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock forward: what falls due in between is due now. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The engine's clock only moves forward, not by " + duration);
        }
        Long pinned = pinnedMillis;
        if (pinned != null) {
            pinnedMillis = pinned + duration.toMillis();
        } else {
            offsetMillis.addAndGet(duration.toMillis());
        }
        onChange.run();
    }

    /**
     * Stops the clock at a time (epoch milliseconds), as Zeebe's controlled clock does ({@code PUT /v2/clock}): it
     * stands still there until pinned again or reset. Like Zeebe's, it may be pinned back: what is due stays due at
     * its own time, which only comes later. A negative time is refused.
     */
    public synchronized void pin(long epochMillis) {
        if (epochMillis < 0) {
            throw new IllegalArgumentException("A clock pin needs a time of 0 or more epoch milliseconds, not "
                    + epochMillis);
        }
        pinnedMillis = epochMillis;
        onChange.run();
    }

    /** Lets the clock run again on the system time, as Zeebe's {@code POST /v2/clock/reset} does. */
    public synchronized void reset() {
        pinnedMillis = null;
        offsetMillis.set(0);
        onChange.run();
    }

    /** Called whenever the clock is moved (the engine looks at what fell due). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }
}
