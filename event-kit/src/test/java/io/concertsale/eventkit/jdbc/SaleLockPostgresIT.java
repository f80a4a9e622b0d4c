package io.concertsale.eventkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.test.TestDatabases;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sale lock on PostgreSQL, where instances on other connections (other processes) share it: an advisory lock held
 * by transactions, keyed by the schema.
 */
class SaleLockPostgresIT {

    private final DriverManagerDataSource database =
            new DriverManagerDataSource(TestDatabases.POSTGRES_URL, TestDatabases.POSTGRES_USER, "");
    private final JdbcTemplate jdbc = new JdbcTemplate(database);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(database));
    private final String schema = "lock_test_" + System.nanoTime();
    private final SaleLock lock = SaleLock.advisory(jdbc, "test-service", schema);
    /** A thread per transaction: each waits on its own connection. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aTransactionThatSharesTheLockIsRefusedTheLockAloneAndReleasesItWhenItEnds() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            lock.shareUntilCompletion();
            lock.shareUntilCompletion();
            lock.excludeUntilCompletion();
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs again in a transaction of its own");

        transactions.executeWithoutResult(status -> lock.excludeUntilCompletion());
    }

    @Test
    void theLockAloneWaitsForTheTransactionsThatShareItOnOtherConnections() throws Exception {
        CompletableFuture<Void> shared = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> sharer = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            lock.shareUntilCompletion();
            shared.complete(null);
            release.join();
        }), threads);
        shared.get(10, TimeUnit.SECONDS);
        transactions.executeWithoutResult(status -> lock.shareUntilCompletion());

        CompletableFuture<Void> alone = CompletableFuture.runAsync(
                () -> transactions.executeWithoutResult(status -> lock.excludeUntilCompletion()), threads);
        Thread.sleep(300);
        assertThat(alone).as("waits while another transaction shares the lock").isNotDone();
        SaleLock otherSchema = SaleLock.advisory(jdbc, "test-service", schema + "_other");
        CompletableFuture.runAsync(
                () -> transactions.executeWithoutResult(status -> otherSchema.excludeUntilCompletion()), threads)
                .get(10, TimeUnit.SECONDS);

        release.complete(null);
        sharer.get(10, TimeUnit.SECONDS);
        alone.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theKeyDependsOnTheSchema() {
        assertThat(SaleLock.key("a")).isEqualTo(SaleLock.key("a")).isNotEqualTo(SaleLock.key("b"));
    }
}
