package io.concertsale.eventkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sale lock as the event ingress uses it: one transaction for a batch of events. A batch that shares the lock
 * (joins) and then asks for it alone (a new sale) deadlocked on itself (seen in a benchmark: the second sale of a
 * launcher admitted nobody); it is refused now, and released when the transaction ends.
 */
class SaleLockTest {

    private final SaleLock lock = new SaleLock();

    @Test
    void aTransactionThatSharesTheLockIsRefusedTheLockAloneInsteadOfWaitingForItself() {
        // the guard only keeps a regression from hanging the build: the refusal comes at once
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> inTransaction(() -> {
            lock.shareUntilCompletion();
            lock.shareUntilCompletion();
            assertThatThrownBy(lock::excludeUntilCompletion).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs again in a transaction of its own");
        }));
        // the batch's transaction ended: another transaction takes the lock alone at once
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> inTransaction(lock::excludeUntilCompletion));
    }

    @Test
    void theLockAloneWaitsForTheTransactionsThatShareItOnOtherThreads() throws Exception {
        CompletableFuture<Void> shared = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread sharer = Thread.ofPlatform().start(() -> inTransaction(() -> {
            lock.shareUntilCompletion();
            shared.complete(null);
            release.join();
        }));
        shared.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> alone = CompletableFuture.runAsync(() -> inTransaction(lock::excludeUntilCompletion));
        Thread.sleep(200);
        assertThat(alone).as("waits while another transaction shares the lock").isNotDone();
        release.complete(null);
        alone.get(10, TimeUnit.SECONDS);
        sharer.join();
    }

    /** Runs the work as a transaction would: synchronizations registered, then completed. */
    private static void inTransaction(Runnable work) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            work.run();
        } finally {
            List<TransactionSynchronization> synchronizations =
                    TransactionSynchronizationManager.getSynchronizations();
            TransactionSynchronizationManager.clearSynchronization();
            synchronizations.forEach(synchronization -> synchronization.afterCompletion(
                    TransactionSynchronization.STATUS_ROLLED_BACK));
        }
    }
}
