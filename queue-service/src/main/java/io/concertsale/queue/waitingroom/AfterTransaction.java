package io.concertsale.queue.waitingroom;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Updates to the in-memory cache that must wait for the transaction's outcome. */
final class AfterTransaction {

    private AfterTransaction() {
    }

    /** Runs {@code action} once the current transaction committed; at once when none is active. */
    static void onCommit(Runnable action) {
        onCompletion(action, () -> { });
    }

    /** Runs {@code committed} or {@code rolledBack} by the current transaction's outcome. */
    static void onCompletion(Runnable committed, Runnable rolledBack) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    committed.run();
                } else {
                    rolledBack.run();
                }
            }
        });
    }
}
