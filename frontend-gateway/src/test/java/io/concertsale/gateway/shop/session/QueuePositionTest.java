package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.gateway.sale.QueueProgress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueuePositionTest {

    static QueueProgress progress(long admittedTotal, double rate, boolean paused) {
        return new QueueProgress(0, admittedTotal, 0, rate, paused, Instant.parse("2026-11-01T18:00:00Z"));
    }

    @Test
    void positionFollowsTheAdmissionsSinceJoining() {
        QueuePosition position = QueuePosition.of(500, 1000, 10L, progress(1120, 40, false));

        assertThat(position.position()).isEqualTo(380);
        assertThat(position.etaSeconds()).isEqualTo(10);
    }

    @Test
    void positionNeverDropsBelowOne() {
        assertThat(QueuePosition.of(5, 0, 1L, progress(50, 10, false)).position()).isEqualTo(1);
    }

    @Test
    void progressFromBeforeTheJoinLeavesThePositionAtJoin() {
        assertThat(QueuePosition.of(5, 100, 1L, progress(90, 10, false)).position()).isEqualTo(5);
    }

    @Test
    void withoutAnyProgressTheEstimateAtJoinStands() {
        QueuePosition position = QueuePosition.of(12, 3, 7L, QueueProgress.NONE);

        assertThat(position.position()).isEqualTo(12);
        assertThat(position.etaSeconds()).isEqualTo(7);
    }

    @Test
    void pausedOrStoppedAdmissionHasNoEstimate() {
        assertThat(QueuePosition.of(12, 0, 7L, progress(0, 10, true)).etaSeconds()).isNull();
        assertThat(QueuePosition.of(12, 0, 7L, progress(0, 0, false)).etaSeconds()).isNull();
    }

    @Test
    void estimateRoundsUp() {
        assertThat(QueuePosition.of(3, 0, null, progress(0, 2, false)).etaSeconds()).isEqualTo(2);
    }
}
