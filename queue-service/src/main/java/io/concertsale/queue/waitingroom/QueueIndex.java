package io.concertsale.queue.waitingroom;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The waiting room's in-memory cache, rebuilt from the database at start and when a sale opens (the database is the
 * truth): the join numbers still waiting in an order-statistics tree, so a position is O(log n) and never scans the
 * queue table; the admitted total that goes with those positions; the joins that have a number but have not committed
 * yet; and whether anything changed since the last {@code Queue.Progressed}. Thread-safe.
 */
public final class QueueIndex {

    private final ReentrantLock lock = new ReentrantLock();
    private final PositionTree waiting = new PositionTree();
    private final TreeSet<Long> pending = new TreeSet<>();
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private long admittedTotal;

    /** A waiting customer's place: position (1 = next) and the admitted total at that moment. */
    public record Standing(long position, long admittedTotal) {
    }

    /**
     * Numbers a joining customer and counts them as waiting before their transaction commits, as one step, so that a
     * later number always sees every earlier one and admission can hold back until the earlier ones commit.
     */
    long enter(LongSupplier numbering) {
        lock.lock();
        try {
            long number = numbering.getAsLong();
            waiting.add(number);
            pending.add(number);
            return number;
        } finally {
            lock.unlock();
        }
    }

    /** The join committed. */
    void entered(long number) {
        lock.lock();
        try {
            pending.remove(number);
        } finally {
            lock.unlock();
        }
    }

    /** The join did not happen (rolled back, or the session was in already). */
    void discard(long number) {
        lock.lock();
        try {
            pending.remove(number);
            waiting.remove(number);
        } finally {
            lock.unlock();
        }
    }

    /** A waiting customer left. */
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
            pending.clear();
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

    /** Admission takes only numbers below this one: the lowest join that has a number but has not committed. */
    long admissionLimit() {
        lock.lock();
        try {
            return pending.isEmpty() ? Long.MAX_VALUE : pending.first();
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
