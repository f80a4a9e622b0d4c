package io.concertsale.router.deployment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The deployments made through this router since it started, newest first, the last {@code capacity} of them. The
 * engine is the source of truth: deployments made elsewhere, or before a restart, are not here.
 */
public class DeploymentHistory {

    private final int capacity;
    private final Deque<DeploymentRecord> records = new ArrayDeque<>();

    public DeploymentHistory(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(DeploymentRecord record) {
        records.addFirst(record);
        while (records.size() > capacity) {
            records.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<DeploymentRecord> all() {
        return List.copyOf(records);
    }

    public synchronized Optional<DeploymentRecord> find(long deploymentKey) {
        return records.stream().filter(record -> record.deploymentKey() == deploymentKey).findFirst();
    }
}
