package io.concertsale.queue.waitingroom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the sale-wide changes (a new sale, closing the queue) apart from everything else: joins, leaves, finishes and
 * admission passes share the lock, a sale-wide change takes it alone. Held until the transaction completes, so a
 * sale-wide change never interleaves with a join that has its number but has not committed.
 *
 * <p>On PostgreSQL it is a transaction-scoped advisory lock, so it holds across every instance of the service on the
 * database; its key is derived from the schema, so services or tests in other schemas of the same database never
 * wait for it. On the embedded H2 (one process) it is a lock in memory.
 */
public final class SaleLock {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final JdbcTemplate database;
    private final long key;

    /** The lock in memory, for a database that only this process uses. */
    public SaleLock() {
        this(null, 0);
    }

    private SaleLock(JdbcTemplate database, long key) {
        this.database = database;
        this.key = key;
    }

    /** The PostgreSQL advisory lock of the queue in {@code schema}. */
    public static SaleLock advisory(JdbcTemplate database, String schema) {
        return new SaleLock(database, key("concert-sale queue-service sale lock " + schema));
    }

    /** The advisory lock key: the first 8 bytes of the SHA-256 of {@code name}. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shares the lock until the current transaction completes. Take it before touching the queue's rows. */
    void shareUntilCompletion() {
        requireTransaction();
        if (database == null) {
            holdUntilCompletion(lock.readLock());
            return;
        }
        database.queryForList("SELECT pg_advisory_xact_lock_shared(?)", key);
        if (!TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SaleLock.this);
                }
            });
        }
    }

    /**
     * Takes the lock alone until the current transaction completes. A transaction that already shares it (the
     * event ingress commits a batch of events in one transaction: joins, then a new sale) cannot take it alone,
     * since a shared lock is never upgraded: waiting would wait for itself for ever (or, on PostgreSQL, for every
     * other transaction that does the same), and every join and admission pass behind it. It is refused instead, the
     * transaction rolls back (which releases its share), and the event ingress runs each event of the batch again in
     * a transaction of its own.
     *
     * @throws IllegalStateException when the current transaction shares the lock
     */
    void excludeUntilCompletion() {
        requireTransaction();
        if (database == null ? lock.getReadHoldCount() > 0 : TransactionSynchronizationManager.hasResource(this)) {
            throw new IllegalStateException("A sale-wide change cannot run in a transaction that already shares the"
                    + " sale lock: it runs again in a transaction of its own");
        }
        if (database == null) {
            holdUntilCompletion(lock.writeLock());
            return;
        }
        database.queryForList("SELECT pg_advisory_xact_lock(?)", key);
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("The sale lock is held for a transaction; none is active");
        }
    }

    private static void holdUntilCompletion(Lock held) {
        held.lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                held.unlock();
            }
        });
    }
}
