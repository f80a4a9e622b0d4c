package io.concertsale.queue.waitingroom;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The waiting room's in-memory cache of the current sale, rebuilt from the database at start and when a sale opens
 * (the database is the truth): the join numbers still waiting in an order-statistics tree, so a position is O(log n)
 * and never scans the queue table; the admitted total that goes with those positions; and whether anything changed
 * since the last {@code Queue.Progressed}. A join counts as waiting from the moment its row is written, before its
 * transaction commits (and stops counting if it rolls back), so a join never misses one that is about to commit ahead
 * of it. Joins of another sale than the current one are not in it. Thread-safe.
 */
public final class QueueIndex {

    private final ReentrantLock lock = new ReentrantLock();
    private final PositionTree waiting = new PositionTree();
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private long admittedTotal;

    /** A waiting customer's place: position (1 = next) and the admitted total at that moment. */
    public record Standing(long position, long admittedTotal) {
    }

    /** A customer of the current sale is waiting with this join number. */
    void enter(long number) {
        lock.lock();
        try {
            waiting.add(number);
        } finally {
            lock.unlock();
        }
    }

    /** A waiting customer left, or their join rolled back. */
    void leave(long number) {
        lock.lock();
        try {
            waiting.remove(number);
        } finally {
            lock.unlock();
        }
    }

    /** These waiting customers were admitted. */
    void admitted(Collection<Long> numbers) {
        lock.lock();
        try {
            numbers.forEach(waiting::remove);
            admittedTotal += numbers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Starts over from the database: the numbers waiting and the admitted total. */
    void reset(Collection<Long> waitingNumbers, long admittedTotal) {
        lock.lock();
        try {
            waiting.clear();
            waitingNumbers.forEach(waiting::add);
            this.admittedTotal = admittedTotal;
        } finally {
            lock.unlock();
        }
    }

    Standing standing(long number) {
        lock.lock();
        try {
            return new Standing(1L + waiting.countBelow(number), admittedTotal);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lowest number waiting, or 0 when nobody waits: no committed waiting customer has a lower one, so an
     * admission pass reads the queue from here on.
     */
    long lowestWaiting() {
        lock.lock();
        try {
            return waiting.lowest();
        } finally {
            lock.unlock();
        }
    }

    /** Customers waiting, counting joins about to commit. */
    public long waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Customers admitted since the sale opened. */
    public long admittedTotal() {
        lock.lock();
        try {
            return admittedTotal;
        } finally {
            lock.unlock();
        }
    }

    void markChanged() {
        changed.set(true);
    }

    /** Whether anything changed since the last call. */
    boolean takeChanged() {
        return changed.getAndSet(false);
    }
}
