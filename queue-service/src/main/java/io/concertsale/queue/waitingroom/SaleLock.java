package io.concertsale.queue.waitingroom;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the sale-wide changes (a new sale, closing the queue) apart from everything else: joins, leaves, finishes and
 * admission passes share the lock, a sale-wide change takes it alone. Held until the transaction completes, so a
 * sale-wide change never interleaves with a join that has its number but has not committed.
 */
public final class SaleLock {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Shares the lock until the current transaction completes. Take it before touching the queue's rows. */
    void shareUntilCompletion() {
        holdUntilCompletion(lock.readLock());
    }

    /**
     * Takes the lock alone until the current transaction completes. A transaction that already shares it (the
     * event ingress commits a batch of events in one transaction: joins, then a new sale) cannot take it alone,
     * since a read lock is never upgraded: waiting would wait for itself for ever, and every join and admission
     * pass behind it. It is refused instead, the transaction rolls back (which releases its share), and the event
     * ingress runs each event of the batch again in a transaction of its own.
     *
     * @throws IllegalStateException when the current thread shares the lock
     */
    void excludeUntilCompletion() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("A sale-wide change cannot run in a transaction that already shares the"
                    + " sale lock: it runs again in a transaction of its own");
        }
        holdUntilCompletion(lock.writeLock());
    }

    <T> T shared(Supplier<T> work) {
        return holding(lock.readLock(), work);
    }

    <T> T exclusive(Supplier<T> work) {
        return holding(lock.writeLock(), work);
    }

    private static <T> T holding(Lock held, Supplier<T> work) {
        held.lock();
        try {
            return work.get();
        } finally {
            held.unlock();
        }
    }

    private static void holdUntilCompletion(Lock held) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("The sale lock is held for a transaction; none is active");
        }
        held.lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                held.unlock();
            }
        });
    }
}
