package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.loadtest.Consistency;
import io.concertsale.loadtest.SaleReport;
import io.concertsale.loadtest.SaleSimulator;
import io.concertsale.loadtest.SimulatorOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test's chaos mode end to end, small: the launcher runs as a child JVM from this test's classpath, is
 * killed with SIGKILL twice while the sale runs, and is started again on the same data folder and ports each time.
 * The fans ride it out (retries, reconnects, one look at the session), and at the end the fans, the tickets
 * service's counter and the payment provider agree: every fan reached a final stage, the tickets issued are the
 * tickets sold and the tickets paid for, nothing oversold.
 *
 * <p>How it knows that nothing acknowledged was lost: the fans join within five seconds and the waiting room admits
 * slowly, so the first kill comes amid the joins and the second amid the restart's reconnects and repeated joins,
 * with admissions and purchases under way. A lost fact leaves a fan who never finishes, or counts that differ (a
 * payment without tickets, tickets without a fan); a lost join, which the close of a sold-out queue would hide by
 * sending the fan away, leaves a fan the waiting room never numbered: with every join long before the sale sells
 * out, there is none. Deleting the broker's delivery log between kill and restart, or running H2 without
 * {@code WRITE_DELAY=0}, makes this test fail.
 */
class ChaosIT {

    private static final int TICKETS = 60;

    @TempDir
    Path dataDir;

    @Test
    void aSaleKilledTwiceWithSigkillMidSaleLosesNothingItAcknowledged() throws Exception {
        List<String> launcher = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the C1 compiler alone starts the sale about twice as fast, which is what three starts need
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LocalLauncher.class.getName(), "--sale.model=none", "--payments.authorization-delay=200ms");
        SimulatorOptions parsed = SimulatorOptions.parse(new String[] {
                "--chaos-kills=2", "--chaos-min-seconds=1", "--chaos-max-seconds=4", "--launcher-data-dir=" + dataDir,
                "--customers=200", "--tickets=" + TICKETS, "--arrival-rate=40", "--admission-rate=2",
                "--max-active=15", "--hold-seconds=30", "--max-quantity=3", "--decline-ratio=0.2",
                "--timeout-seconds=300", "--settle-seconds=60", "--seed=11"}, Map.of());
        SimulatorOptions options = new SimulatorOptions(parsed.scenario(), parsed.merchant(),
                parsed.chaos().withCommand(launcher));

        SaleReport report = SaleSimulator.simulate(options).getFirst();

        assertThat(report.kills()).as("kills").hasSize(2).allSatisfy(kill -> {
            assertThat(kill.exitValue()).as("exit status of kill %d", kill.number()).isEqualTo(137);
            assertThat(kill.unfinishedFans()).as("fans still buying at kill %d", kill.number()).isPositive();
        });
        assertThat(report.retries().reconnects()).as("WebSockets opened again").isPositive();
        Consistency consistency = report.consistency();
        assertThat(consistency.notes()).as("everything was checked").isEmpty();
        assertThat(consistency.disagreements()).as(report.text()).isEmpty();
        assertThat(consistency.notFinal()).isZero();
        assertThat(consistency.completed()).isPositive();
        assertThat(consistency.ticketsHeld()).isEqualTo(consistency.distinctCodes())
                .isEqualTo(consistency.sold()).isLessThanOrEqualTo(TICKETS);
        assertThat(consistency.paidFor()).isEqualByComparingTo(String.valueOf(consistency.ticketsHeld()));
        assertThat(consistency.authorized()).isEqualTo(consistency.completed());
        assertThat(report.oversold()).isFalse();
        assertThat(consistency.unnumbered()).as("joins the waiting room never numbered").isZero();
        assertThat(consistency.queueAdmitted()).as("admissions").isEqualTo(consistency.fansAdmitted());
    }
}
