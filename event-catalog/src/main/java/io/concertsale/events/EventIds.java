package io.concertsale.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids as time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit sequence that
 * keeps the ids of one process increasing within a millisecond, then 62 random bits. Unique as random UUIDs are, but
 * the ids that one producer makes one after the other sort one after the other, so the de-duplication index of every
 * consumer (source, id) grows at its end: a batch of deliveries touches a few index pages instead of one page per
 * event, which is what an embedded database pays most for at commit.
 */
public final class EventIds {

    /** The last (milliseconds << 12 | sequence) handed out: never goes back, even when the clock does. */
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {
    }

    /** A new event id, e.g. {@code 0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b}. */
    public static String next() {
        return nextUuid().toString();
    }

    /** The same as a {@link UUID}. */
    public static UUID nextUuid() {
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() << 12));
        long millis = stamp >>> 12;
        long sequence = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | sequence;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
