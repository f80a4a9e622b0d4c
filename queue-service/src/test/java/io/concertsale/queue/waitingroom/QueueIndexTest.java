package io.concertsale.queue.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueIndexTest {

    private final QueueIndex index = new QueueIndex();
    private final AtomicLong sequence = new AtomicLong();

    @Test
    void aJoinCountsForTheJoinsBehindItBeforeItCommits() {
        long first = index.enter(sequence::incrementAndGet);
        long second = index.enter(sequence::incrementAndGet);

        assertThat(index.standing(first).position()).isEqualTo(1);
        assertThat(index.standing(second).position()).isEqualTo(2);
        assertThat(index.waiting()).isEqualTo(2);
    }

    @Test
    void admissionHoldsBackBelowTheLowestUncommittedJoin() {
        assertThat(index.admissionLimit()).isEqualTo(Long.MAX_VALUE);
        long first = index.enter(sequence::incrementAndGet);
        long second = index.enter(sequence::incrementAndGet);

        index.entered(second);
        assertThat(index.admissionLimit()).isEqualTo(first);

        index.entered(first);
        assertThat(index.admissionLimit()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDiscardedJoinNoLongerCounts() {
        long first = index.enter(sequence::incrementAndGet);
        long second = index.enter(sequence::incrementAndGet);

        index.discard(first);

        assertThat(index.standing(second).position()).isEqualTo(1);
        assertThat(index.admissionLimit()).isEqualTo(second);
    }

    @Test
    void admittedCustomersMoveThoseBehindUpAndCountInTheAdmittedTotal() {
        index.reset(List.of(1L, 2L, 3L, 4L), 10);

        index.admitted(List.of(1L, 2L));
        index.leave(3L);

        assertThat(index.standing(4L)).isEqualTo(new QueueIndex.Standing(1, 12));
        assertThat(index.admittedTotal()).isEqualTo(12);
        assertThat(index.waiting()).isEqualTo(1);
    }

    @Test
    void changesAreReportedOnce() {
        assertThat(index.takeChanged()).isTrue();
        assertThat(index.takeChanged()).isFalse();

        index.markChanged();

        assertThat(index.takeChanged()).isTrue();
        assertThat(index.takeChanged()).isFalse();
    }
}
