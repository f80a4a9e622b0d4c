package io.concertsale.eventkit.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps a service's sale-wide changes (a new sale, closing the queue) apart from everything else that touches the
 * sale's rows: ordinary work (joins, leaves, event batches, admission passes) shares the lock, a sale-wide change
 * takes it alone. Held until the transaction completes, so a sale-wide change never interleaves with work that has
 * begun but not committed, and, taken before any row, it is the first lock of both: one lock order, so the two never
 * deadlock on rows they take in different orders (a new sale clears every session; a batch of events updates a
 * session and then the sale's row).
 *
 * <p>On PostgreSQL it is a transaction-scoped advisory lock, so it holds across every instance of the service on the
 * database (a wait ends with the connection's {@code lock_timeout}); its key is derived from the service and the
 * schema, so services or tests in other schemas of the same database never wait for it. On the embedded H2 (one
 * process) it is a lock in memory, waited for at most the given timeout.
 */
public final class SaleLock {

    /** How long a transaction waits for the lock in memory when no timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final JdbcTemplate database;
    private final long key;
    private final Duration timeout;

    /** The lock in memory, for a database that only this process uses. */
    public SaleLock() {
        this(DEFAULT_TIMEOUT);
    }

    /** The lock in memory, waited for at most {@code timeout}. */
    public SaleLock(Duration timeout) {
        this(null, 0, timeout);
    }

    private SaleLock(JdbcTemplate database, long key, Duration timeout) {
        this.database = database;
        this.key = key;
        this.timeout = timeout;
    }

    /** The PostgreSQL advisory lock of {@code service} in {@code schema}. */
    public static SaleLock advisory(JdbcTemplate database, String service, String schema) {
        return new SaleLock(database, key("concert-sale " + service + " sale lock " + schema), DEFAULT_TIMEOUT);
    }

    /**
     * The advisory lock on PostgreSQL, where several instances may share the database; the lock in memory on any
     * other database (the embedded H2, which only this process uses).
     */
    public static SaleLock forDatabase(DataSource dataSource, String service, String schema, Duration memoryTimeout)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())
                    ? advisory(new JdbcTemplate(dataSource), service, schema) : new SaleLock(memoryTimeout);
        }
    }

    /** The advisory lock key: the first 8 bytes of the SHA-256 of {@code name}. */
    public static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Shares the lock until the current transaction completes. Take it before touching the sale's rows; a
     * transaction that shares it already does not wait again.
     *
     * @throws CannotAcquireLockException when a sale-wide change holds it longer than the timeout
     */
    public void shareUntilCompletion() {
        requireTransaction();
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        if (database == null) {
            acquire(lock.readLock());
        } else {
            database.queryForList("SELECT pg_advisory_xact_lock_shared(?)", key);
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(SaleLock.this);
                if (database == null) {
                    lock.readLock().unlock();
                }
            }
        });
    }

    /**
     * Takes the lock alone until the current transaction completes. A transaction that already shares it (the
     * event ingress commits a batch of events in one transaction: joins, then a new sale) cannot take it alone,
     * since a shared lock is never upgraded: waiting would wait for itself for ever (or, on PostgreSQL, for every
     * other transaction that does the same), and every other transaction behind it. It is refused instead, the
     * transaction rolls back (which releases its share), and the event ingress runs each event of the batch again in
     * a transaction of its own.
     *
     * @throws IllegalStateException when the current transaction shares the lock
     * @throws CannotAcquireLockException when others share it longer than the timeout
     */
    public void excludeUntilCompletion() {
        requireTransaction();
        if (TransactionSynchronizationManager.hasResource(this)) {
            throw new IllegalStateException("A sale-wide change cannot run in a transaction that already shares the"
                    + " sale lock: it runs again in a transaction of its own");
        }
        if (database == null) {
            Lock alone = lock.writeLock();
            acquire(alone);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    alone.unlock();
                }
            });
            return;
        }
        database.queryForList("SELECT pg_advisory_xact_lock(?)", key);
    }

    private void acquire(Lock wanted) {
        try {
            if (!wanted.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CannotAcquireLockException("The sale lock was not free within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotAcquireLockException("Interrupted while waiting for the sale lock", e);
        }
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("The sale lock is held for a transaction; none is active");
        }
    }
}
