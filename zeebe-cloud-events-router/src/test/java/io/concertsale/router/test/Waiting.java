package io.concertsale.router.test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds; a generous timeout, never a timing assertion. */
public final class Waiting {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Waiting() {
    }

    /** Waits until the supplier returns something other than null, and returns it. */
    public static <T> T until(Supplier<T> supplier, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + TIMEOUT.toSeconds() + "s in vain for " + what);
            }
            pause();
        }
    }

    public static void until(BooleanSupplier condition, String what) {
        until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
