package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.loadtest.SaleReport;
import io.concertsale.loadtest.SaleSimulator;
import io.concertsale.loadtest.SimulatorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load-test simulator against the real launcher, small: every fan ends somewhere, nothing is oversold, and the
 * fans, the tickets service and the payment provider agree.
 */
class LoadTestIT {

    @TempDir
    Path dataDir;

    @Test
    void smallSaleSellsExactlyTheInventoryFirstComeFirstServed() throws InterruptedException {
        SaleReport report = runSale(Map.of(), "--customers=150", "--tickets=60", "--admission-rate=100",
                "--max-active=40", "--hold-seconds=60", "--max-quantity=3", "--arrival-rate=200", "--decline-ratio=0.2",
                "--timeout-seconds=180", "--seed=7");

        assertSoldExactlyFirstComeFirstServed(report, 60);
        assertThat(report.serverSold()).isEqualTo(60);
        assertThat(report.completed()).isPositive();
        assertThat(report.consistency().notes()).as("everything was checked").isEmpty();
        assertThat(report.consistency().authorized()).isEqualTo(report.completed());
    }

    /**
     * A queue longer than the gateway's horizon (here 5 s or 40 places, at 20 admissions a second; the queue is 15 s
     * long): the fans behind it poll, move to a WebSocket as their turn nears, and are on one by the time they are
     * admitted, so the waiting room's latencies are pushed ones; the order and the books stay exact. On a busy machine
     * the gateway's view of the queue can run behind it, so a few fans may be admitted between two polls: at most one
     * in twenty (in CI 8 of about 130 were, with a horizon of 3 s or 10 places).
     */
    @Test
    void fansFarBackPollAndAreOnAWebSocketByTheirTurn() throws InterruptedException {
        SaleReport report = runSale(Map.of(
                "gateway.follow.near-eta", "5s",
                "gateway.follow.near-position", "40",
                "gateway.follow.min-refresh", "1s",
                "gateway.follow.max-refresh", "3s"),
                "--customers=300", "--tickets=240", "--admission-rate=20", "--max-active=40", "--hold-seconds=60",
                "--max-quantity=2", "--arrival-rate=300", "--decline-ratio=0.1", "--timeout-seconds=240", "--seed=11");

        assertSoldExactlyFirstComeFirstServed(report, 240);
        assertThat(report.follow().polls()).as("fans far back polled").isPositive();
        // 300 fans join within a second; on the two cores of CI the peak came to 150 to 163 in two runs of six
        // (2026-12-05), right at the half this asserted before: fans far back are still never all on a socket
        assertThat(report.follow().peakOpenSockets()).as("not every fan held a WebSocket at once")
                .isLessThan(report.customers() * 2 / 3);
        assertThat(report.follow().socketsOpened()).as("fans near their turn took one")
                .isGreaterThanOrEqualTo(report.completed());
        assertThat(report.admittedSeenPolling()).as("admissions seen on a poll rather than pushed")
                .isLessThanOrEqualTo(report.completed() / 20);
    }

    /** Runs the simulator against a fresh launcher with these settings (besides a 100 ms authorization delay). */
    private SaleReport runSale(Map<String, String> settings, String... simulatorOptions) throws InterruptedException {
        Map<String, String> all = new HashMap<>(settings);
        all.put("payments.authorization-delay", "100ms");
        try (LocalSale sale = LocalSale.start(new LaunchOptions(dataDir, true, "load-test-password", all))) {
            List<String> args = new ArrayList<>(List.of("--url=" + sale.url(LocalSale.Part.GATEWAY),
                    "--admin-password=" + sale.adminPassword(), "--payments-url=" + sale.url(LocalSale.Part.PAYMENTS),
                    "--launcher-data-dir=" + dataDir));
            args.addAll(List.of(simulatorOptions));
            SimulatorOptions options = SimulatorOptions.parse(args.toArray(String[]::new), Map.of());
            return new SaleSimulator(options.scenario(), options.merchant()).run();
        }
    }

    /**
     * Every fan finished without errors, exactly the inventory was sold with unique codes, the books agree, and first
     * come, first served held both ways: the waiting room's numbering, and the order in which the fans' joins were
     * acknowledged (the gateway numbers them; the queue admits by that number).
     */
    private static void assertSoldExactlyFirstComeFirstServed(SaleReport report, int tickets) {
        assertThat(report.outcomes()).doesNotContainKey("UNFINISHED");
        assertThat(report.errors()).as("errors: %s", report.sampleErrors()).isZero();
        assertThat(report.oversold()).isFalse();
        assertThat(report.ticketsIssued()).isEqualTo(tickets).isEqualTo(report.distinctCodes());
        assertThat(report.consistency().disagreements()).isEmpty();
        assertThat(report.queueOrderViolations()).isZero();
        assertThat(report.fifoViolations()).isZero();
    }
}
