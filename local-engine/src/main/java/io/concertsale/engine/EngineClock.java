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

    /** Epoch milliseconds. */
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    public Instant now() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock forward: what falls due in between is due now. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The engine's clock only moves forward, not by " + duration);
        }
        offsetMillis.addAndGet(duration.toMillis());
        onChange.run();
    }

    /** Called whenever the clock is moved (the engine looks at what fell due). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }
}
