package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SaleReportTest {

    private static SimulatedCustomer customer(long sent, long acked, Integer admittedSecond, String stage) {
        SimulatedCustomer customer = new SimulatedCustomer(null, "GENERAL", 1, false, new CountDownLatch(1));
        customer.joinSentNanos = sent;
        customer.joinAckedNanos = acked;
        customer.serverAdmittedAt = admittedSecond == null ? null : Instant.ofEpochSecond(admittedSecond);
        customer.finalStage = stage;
        return customer;
    }

    @Test
    void admissionInJoinOrderHasNoViolation() {
        assertThat(SaleReport.fifoViolations(List.of(
                customer(1, 2, 10, "COMPLETED"), customer(3, 4, 11, "COMPLETED"), customer(5, 6, 12, "COMPLETED"))))
                .isZero();
    }

    @Test
    void laterJoinerAdmittedFirstIsAViolation() {
        assertThat(SaleReport.fifoViolations(List.of(
                customer(1, 2, 20, "COMPLETED"), customer(3, 4, 11, "COMPLETED")))).isEqualTo(1);
    }

    @Test
    void overlappingJoinsAreNotOrdered() {
        assertThat(SaleReport.fifoViolations(List.of(
                customer(1, 5, 20, "COMPLETED"), customer(3, 6, 11, "COMPLETED")))).isZero();
    }

    @Test
    void earlierJoinerSentAwayWhileALaterOneGetsInIsAViolation() {
        assertThat(SaleReport.fifoViolations(List.of(
                customer(1, 2, null, "REJECTED"), customer(3, 4, 11, "COMPLETED")))).isEqualTo(1);
    }

    @Test
    void earlierJoinerWhoLeftIsNoViolation() {
        assertThat(SaleReport.fifoViolations(List.of(
                customer(1, 2, null, "ABANDONED"), customer(3, 4, 11, "COMPLETED")))).isZero();
    }

    private static SimulatedCustomer numbered(long number, Integer admittedSecond, String stage) {
        SimulatedCustomer customer = customer(0, 0, admittedSecond, stage);
        customer.queueNumber = number;
        return customer;
    }

    @Test
    void admissionInQueueNumberOrderHasNoQueueOrderViolation() {
        assertThat(SaleReport.queueOrderViolations(List.of(numbered(2, 11, "COMPLETED"), numbered(1, 10, "COMPLETED"),
                numbered(3, 11, "COMPLETED")))).isZero();
    }

    @Test
    void higherNumberAdmittedFirstIsAQueueOrderViolation() {
        assertThat(SaleReport.queueOrderViolations(List.of(numbered(1, 12, "COMPLETED"), numbered(2, 10, "COMPLETED"))))
                .isEqualTo(1);
    }

    @Test
    void lowerNumberSentAwayWhileAHigherOneGetsInIsAQueueOrderViolation() {
        assertThat(SaleReport.queueOrderViolations(List.of(numbered(1, null, "REJECTED"), numbered(2, 10, "COMPLETED"))))
                .isEqualTo(1);
    }

    private static Consistency consistency(int sold) {
        SimulatedCustomer fan = customer(1, 2, 10, "COMPLETED");
        fan.ticketCodes.add("A");
        return Consistency.check(List.of(fan), 1, GatewayClient.JSON.createObjectNode().put("sold", sold), null, null,
                "not asked", new BigDecimal("45.00"), "EUR", 0, List.of(),
                GatewayClient.JSON.createObjectNode().put("available", true), Instant.EPOCH);
    }

    private static SaleReport report(double purchasesPerSecond, int violations, Consistency consistency) {
        return new SaleReport(1, 1, Map.of("COMPLETED", 1), 1, 1, 1, consistency.sold(), 0, consistency.oversold(),
                purchasesPerSecond, purchasesPerSecond, Duration.ofSeconds(1), violations, 0, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, List.of(),
                new RetryCounts(3, 1, 2, 0, 4, 5, 0), new FollowCounts(700, 90, 40, 2), 0, List.of(), consistency,
                Duration.ofSeconds(1));
    }

    private static SaleReport report(double purchasesPerSecond, int violations) {
        return report(purchasesPerSecond, violations, consistency(1));
    }

    @Test
    void mediansTakeTheMiddleRun() {
        String medians = SaleReport.medians(List.of(report(10, 5), report(30, 1), report(20, 3)));

        assertThat(medians).contains("Medians of 3 runs").containsPattern("purchases per second\\s+20\\.0")
                .containsPattern("FIFO violations \\(fans. order\\)\\s+3 ").containsPattern("retries\\s+6 ");
    }

    @Test
    void aRunWhereAllAgreeExitsWithZero() {
        SaleReport report = report(10, 0);

        assertThat(report.exitStatus()).isZero();
        assertThat(report.text()).contains("ALL AGREE").contains("retries              6 (3 refused, 1 unavailable, "
                + "2 answers lost, 0 server errors on reads), 4 WebSocket reconnects, 5 looks at a session")
                .contains("following            700 polls, 90 WebSockets opened (at most 40 open at once), 2 refused "
                        + "by the gateway; 0 admissions seen on a poll, the others pushed");
    }

    @Test
    void anAdmissionSeenOnAPollIsCountedApart() {
        SimulatedCustomer pushed = customer(1, 2, 10, "COMPLETED");
        SimulatedCustomer polled = customer(3, 4, 11, "COMPLETED");
        pushed.admittedSeenNanos = 100;
        polled.admittedSeenNanos = 200;
        polled.admittedSeenPolling = true;

        SaleReport report = SaleReport.of(List.of(pushed, polled), null, new RetryCounts(0, 0, 0, 0, 0, 0, 0),
                new FollowCounts(0, 0, 0, 0), List.of(), consistency(1), Duration.ofSeconds(1));

        assertThat(report.admittedSeenPolling()).isEqualTo(1);
    }

    @Test
    void aDisagreementMakesTheExitStatusThree() {
        SaleReport report = report(10, 0, consistency(0));

        assertThat(report.exitStatus()).isEqualTo(3);
        assertThat(report.text()).contains("DISAGREE: the fans hold 1 tickets, the tickets service sold 0");
    }

    @Test
    void overSellingMakesTheExitStatusTwo() {
        SaleReport report = report(10, 0, consistency(2));

        assertThat(report.exitStatus()).isEqualTo(2);
    }
}
