package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.loadtest.SaleReport;
import io.concertsale.loadtest.SaleSimulator;
import io.concertsale.loadtest.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-test simulator against the real launcher, small: every fan ends somewhere, nothing is oversold. */
class LoadTestIT {

    @TempDir
    Path dataDir;

    @Test
    void smallSaleSellsExactlyTheInventoryFirstComeFirstServed() throws InterruptedException {
        try (LocalSale sale = LocalSale.start(new LaunchOptions(dataDir, true, "load-test-password",
                Map.of("payments.authorization-delay", "100ms")))) {
            Scenario scenario = new Scenario(sale.url(LocalSale.Part.GATEWAY), sale.adminPassword(), 150, 60, true,
                    100, 40, 60, 10, 3, 200, 0.2, Duration.ofMinutes(3), 7, 1);

            SaleReport report = new SaleSimulator(scenario).run();

            assertThat(report.outcomes()).doesNotContainKey("UNFINISHED");
            assertThat(report.errors()).as("errors: %s", report.sampleErrors()).isZero();
            assertThat(report.oversold()).isFalse();
            assertThat(report.ticketsIssued()).isEqualTo(60).isEqualTo(report.distinctCodes());
            assertThat(report.serverSold()).isEqualTo(60);
            assertThat(report.completed()).isPositive();
            // first come, first served both ways: the waiting room's numbering, and the order in which the fans'
            // joins were acknowledged (the gateway numbers them; the queue admits by that number)
            assertThat(report.queueOrderViolations()).isZero();
            assertThat(report.fifoViolations()).isZero();
        }
    }
}
