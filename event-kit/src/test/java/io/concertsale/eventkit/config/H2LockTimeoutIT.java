package io.concertsale.eventkit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database as every service opens it ({@code spring.datasource.url} of {@code event-kit.yml}) waits for
 * a row another transaction holds for a few seconds, as under load, instead of failing after H2's default second.
 */
class H2LockTimeoutIT {

    private static final Duration HELD = Duration.ofSeconds(3);

    @TempDir
    Path folder;

    @Test
    void aChangeWaitsForARowAnotherTransactionHoldsForSeconds() throws Exception {
        String url = H2DurabilityIT.configuredUrl(folder.resolve("locks"));
        try (Connection holder = DriverManager.getConnection(url, "sa", "");
                Connection waiter = DriverManager.getConnection(url, "sa", "")) {
            try (Statement setup = holder.createStatement()) {
                setup.execute("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
                setup.execute("INSERT INTO counter (id, n) VALUES (1, 0)");
            }
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
            }

            long started = System.nanoTime();
            CompletableFuture<Integer> change = CompletableFuture.supplyAsync(() -> {
                try (Statement update = waiter.createStatement()) {
                    return update.executeUpdate("UPDATE counter SET n = n + 1 WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(HELD.toMillis());
            holder.commit();

            assertThat(change.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(HELD);
            try (Statement read = waiter.createStatement();
                    var rows = read.executeQuery("SELECT n FROM counter WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }
}
