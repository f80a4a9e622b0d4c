package io.concertsale.router.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router's view of its deployments: newest first, bounded. */
class DeploymentHistoryTest {

    private static DeploymentRecord record(long key) {
        return new DeploymentRecord(key, Instant.EPOCH.plusSeconds(key), null, List.of(key + ".bpmn"), List.of(),
                List.of(), List.of());
    }

    @Test
    void keepsTheNewestFirstUpToItsCapacity() {
        DeploymentHistory history = new DeploymentHistory(2);

        history.add(record(1));
        history.add(record(2));
        history.add(record(3));

        assertThat(history.all()).extracting(DeploymentRecord::deploymentKey).containsExactly(3L, 2L);
        assertThat(history.find(3)).isPresent();
        assertThat(history.find(1)).isEmpty();
    }
}
