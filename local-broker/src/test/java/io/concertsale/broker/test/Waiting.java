package io.concertsale.broker.test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polls for asynchronous outcomes without fixed sleeps. */
public final class Waiting {

    private Waiting() {
    }

    /** Returns the first non-null value the supplier gives within the timeout. */
    public static <T> T until(Supplier<T> value, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            pause();
        }
        throw new AssertionError("Not within " + timeout + ": " + what);
    }

    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
