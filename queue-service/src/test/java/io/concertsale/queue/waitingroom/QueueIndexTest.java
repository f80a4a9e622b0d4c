package io.concertsale.queue.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueIndexTest {

    private final QueueIndex index = new QueueIndex();

    @Test
    void aJoinCountsForTheHigherNumbersWhateverOrderTheyArriveIn() {
        index.enter(7);
        index.enter(3);

        assertThat(index.standing(3).position()).isEqualTo(1);
        assertThat(index.standing(7).position()).isEqualTo(2);
        assertThat(index.waiting()).isEqualTo(2);
    }

    @Test
    void theLowestWaitingNumberIsWhereAnAdmissionPassStartsReading() {
        assertThat(index.lowestWaiting()).as("nobody waits").isZero();
        index.enter(5);
        index.enter(2);

        assertThat(index.lowestWaiting()).isEqualTo(2);

        index.leave(2);
        assertThat(index.lowestWaiting()).isEqualTo(5);
        index.admitted(List.of(5L));
        assertThat(index.lowestWaiting()).isZero();
    }

    @Test
    void aJoinThatLeavesOrRollsBackNoLongerCounts() {
        index.enter(1);
        index.enter(2);

        index.leave(1);

        assertThat(index.standing(2).position()).isEqualTo(1);
        assertThat(index.waiting()).isEqualTo(1);
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
