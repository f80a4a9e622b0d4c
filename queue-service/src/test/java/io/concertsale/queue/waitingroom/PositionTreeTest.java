package io.concertsale.queue.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PositionTreeTest {

    @Test
    void countsTheNumbersBelowAnyNumber() {
        PositionTree tree = new PositionTree();
        tree.add(3);
        tree.add(7);
        tree.add(8);

        assertThat(tree.countBelow(1)).isZero();
        assertThat(tree.countBelow(3)).isZero();
        assertThat(tree.countBelow(4)).isEqualTo(1);
        assertThat(tree.countBelow(8)).isEqualTo(2);
        assertThat(tree.countBelow(1_000_000)).isEqualTo(3);
        assertThat(tree.size()).isEqualTo(3);
    }

    @Test
    void addingTwiceOrRemovingWhatIsNotThereChangesNothing() {
        PositionTree tree = new PositionTree();

        assertThat(tree.add(5)).isTrue();
        assertThat(tree.add(5)).isFalse();
        assertThat(tree.remove(6)).isFalse();
        assertThat(tree.remove(50_000)).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.remove(5)).isTrue();
        assertThat(tree.remove(5)).isFalse();
        assertThat(tree.size()).isZero();
        assertThat(tree.contains(5)).isFalse();
    }

    @Test
    void growsPastItsCapacityKeepingWhatItHolds() {
        PositionTree tree = new PositionTree();
        for (long number = 1; number <= 3000; number += 2) {
            tree.add(number);
        }
        tree.add(100_000);

        assertThat(tree.countBelow(3001)).isEqualTo(1500);
        assertThat(tree.countBelow(100_000)).isEqualTo(1500);
        assertThat(tree.countBelow(100_001)).isEqualTo(1501);
        assertThat(tree.contains(2999)).isTrue();
        assertThat(tree.contains(3000)).isFalse();
    }

    @Test
    void refusesNumbersOutsideItsRange() {
        PositionTree tree = new PositionTree();

        assertThatThrownBy(() -> tree.add(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.add(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithANaiveModelUnderRandomJoinsLeavesAndAdmissions() {
        Random random = new Random(20261120L);
        PositionTree tree = new PositionTree();
        TreeSet<Long> model = new TreeSet<>();
        long nextNumber = 1;
        for (int step = 0; step < 20_000; step++) {
            int operation = random.nextInt(10);
            if (operation < 5 || model.isEmpty()) {
                long number = nextNumber;
                nextNumber += 1 + random.nextInt(3);
                assertThat(tree.add(number)).isEqualTo(model.add(number));
            } else if (operation < 7) {
                long first = model.first();
                assertThat(tree.remove(first)).isEqualTo(model.remove(first));
            } else {
                long number = 1 + (long) random.nextInt((int) nextNumber);
                assertThat(tree.remove(number)).isEqualTo(model.remove(number));
            }
            long probe = 1 + (long) random.nextInt((int) nextNumber + 5);
            assertThat(tree.countBelow(probe)).isEqualTo(model.headSet(probe).size());
            assertThat(tree.contains(probe)).isEqualTo(model.contains(probe));
            assertThat(tree.size()).isEqualTo(model.size());
        }
        assertThat(nextNumber).isGreaterThan(1024);
    }
}
