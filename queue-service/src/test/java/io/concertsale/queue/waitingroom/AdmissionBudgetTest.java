package io.concertsale.queue.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdmissionBudgetTest {

    private static final Duration TICK = Duration.ofMillis(200);

    private final AdmissionBudget budget = new AdmissionBudget();
    private Instant now = Instant.parse("2026-11-20T18:00:00Z");

    /** Runs ticks for a while, admitting all the budget allows; answers how many were admitted per tick. */
    private int[] run(String sale, double rate, int ticks) {
        int[] admitted = new int[ticks];
        for (int i = 0; i < ticks; i++) {
            now = now.plus(TICK);
            admitted[i] = budget.allowance(sale, now, rate);
            budget.settle(admitted[i]);
        }
        return admitted;
    }

    private int total(int[] admitted) {
        int sum = 0;
        for (int count : admitted) {
            sum += count;
        }
        return sum;
    }

    @Test
    void firstTickOfASaleAdmitsNobody() {
        assertThat(budget.allowance("sale-1", now, 100)).isZero();
    }

    @Test
    void halfACustomerPerSecondAdmitsOneEveryTwoSeconds() {
        run("sale-1", 0.5, 1);

        int[] admitted = run("sale-1", 0.5, 50);

        assertThat(total(admitted)).isEqualTo(5);
        for (int i = 0; i < admitted.length; i++) {
            assertThat(admitted[i]).as("tick %d", i + 1).isEqualTo((i + 1) % 10 == 0 ? 1 : 0);
        }
    }

    @Test
    void fractionalRatesAddUpExactly() {
        run("sale-1", 2.5, 1);

        assertThat(total(run("sale-1", 2.5, 50))).isEqualTo(25);
        assertThat(total(run("sale-1", 0.1, 500))).isEqualTo(10);
        assertThat(total(run("sale-1", 333.3, 5))).isEqualTo(333);
    }

    @Test
    void wholeRatesAdmitTheirShareEveryTick() {
        run("sale-1", 500, 1);

        assertThat(run("sale-1", 500, 5)).containsOnly(100);
    }

    @Test
    void creditNotUsedIsNotSavedUpBeyondOneCustomer() {
        run("sale-1", 10, 1);
        for (int i = 0; i < 25; i++) {
            now = now.plus(TICK);
            assertThat(budget.allowance("sale-1", now, 10)).isGreaterThanOrEqualTo(2);
            budget.settle(0);
        }

        now = now.plus(TICK);
        assertThat(budget.allowance("sale-1", now, 10)).isEqualTo(3);
    }

    @Test
    void aStalledTickerCountsAtMostOneSecond() {
        run("sale-1", 50, 1);

        now = now.plus(Duration.ofMinutes(5));

        assertThat(budget.allowance("sale-1", now, 50)).isEqualTo(50);
    }

    @Test
    void anAbsurdRateAdmitsAsManyAsCountableWithoutOverflowing() {
        run("sale-1", 1e300, 1);

        assertThat(run("sale-1", 1e300, 3)).containsOnly(Integer.MAX_VALUE);
    }

    @Test
    void nothingAccruesWhileHaltedAndANewSaleStartsFromNothing() {
        run("sale-1", 0.5, 1);
        run("sale-1", 0.5, 9);

        assertThat(total(run("sale-1", 0, 20))).isZero();
        assertThat(run("sale-1", 0.5, 9)).containsOnly(0);
        assertThat(run("sale-1", 0.5, 1)).containsOnly(1);

        run("sale-1", 0.5, 9);
        assertThat(run("sale-2", 0.5, 1)).containsOnly(0);
        assertThat(total(run("sale-2", 0.5, 9))).isZero();
    }
}
