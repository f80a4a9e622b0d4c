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
     * stands still there until pinned again or reset. It only moves forward: a time before now is refused.
     */
    public synchronized void pin(long epochMillis) {
        long now = millis();
        if (epochMillis < now) {
            throw new IllegalArgumentException("The engine's clock only moves forward: " + Instant.ofEpochMilli(
                    epochMillis) + " is before its time now, " + Instant.ofEpochMilli(now));
        }
        pinnedMillis = epochMillis;
        onChange.run();
    }

    /** Lets a pinned clock run again from where it stands (it never jumps back). */
    public synchronized void reset() {
        Long pinned = pinnedMillis;
        if (pinned != null) {
            offsetMillis.set(pinned - System.currentTimeMillis());
            pinnedMillis = null;
            onChange.run();
        }
    }

    /** Called whenever the clock is moved (the engine looks at what fell due). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }
}
