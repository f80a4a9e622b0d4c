package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConsistencyTest {

    private static final BigDecimal PRICE = new BigDecimal("45.00");

    private static SimulatedCustomer fan(String stage, String... codes) {
        SimulatedCustomer fan = new SimulatedCustomer(null, "GENERAL", codes.length, false, new CountDownLatch(1));
        fan.finalStage = stage;
        fan.ticketCodes.addAll(List.of(codes));
        return fan;
    }

    /** Two fans completed with 3 tickets, one was turned away. */
    private static List<SimulatedCustomer> fans() {
        return new ArrayList<>(List.of(fan("COMPLETED", "A", "B"), fan("COMPLETED", "C"), fan("REJECTED")));
    }

    private static JsonNode counters(int sold, int reserved) {
        return GatewayClient.JSON.createObjectNode().put("sold", sold).put("reserved", reserved);
    }

    private static JsonNode summary(long authorized, String amount, long pending) {
        var summary = GatewayClient.JSON.createObjectNode();
        var byStatus = summary.putObject("byStatus");
        byStatus.putObject("PENDING").put("count", pending).putObject("amounts");
        byStatus.putObject("AUTHORIZED").put("count", authorized).putObject("amounts").put("EUR", new BigDecimal(amount));
        byStatus.putObject("CANCELLED").put("count", 0).putObject("amounts");
        return summary;
    }

    private static final Instant RUN_START = Instant.parse("2026-12-03T17:00:00Z");

    private static JsonNode deadLetters(String... typesAndTimes) {
        var answer = GatewayClient.JSON.createObjectNode().put("available", true);
        var letters = answer.putArray("letters");
        for (int i = 0; i < typesAndTimes.length; i += 2) {
            var letter = letters.addObject().put("id", i).put("receivedAt", typesAndTimes[i + 1]);
            letter.putObject("attributes").put("type", typesAndTimes[i]);
        }
        return answer;
    }

    private static Consistency check(List<SimulatedCustomer> fans, JsonNode counters, JsonNode summary) {
        return Consistency.check(fans, 10, counters, "not read", summary, "not read", PRICE, "EUR", 0, List.of(),
                deadLetters(), RUN_START);
    }

    @Test
    void fansTicketsServiceAndProviderTellingTheSameStoryAgree() {
        Consistency consistency = check(fans(), counters(3, 0), summary(2, "135.00", 0));

        assertThat(consistency.disagreements()).isEmpty();
        assertThat(consistency.agrees()).isTrue();
        assertThat(consistency.settled()).isTrue();
        assertThat(consistency.paidFor()).isEqualByComparingTo("3");
        assertThat(consistency.text()).contains("ALL AGREE");
    }

    @Test
    void aFanWhoNeverReachedAFinalStageIsADisagreement() {
        List<SimulatedCustomer> fans = fans();
        fans.add(fan(null));
        fans.add(fan("ERROR"));

        Consistency consistency = check(fans, counters(3, 0), summary(2, "135.00", 0));

        assertThat(consistency.notFinal()).isEqualTo(2);
        assertThat(consistency.disagreements()).containsExactly(
                "2 fans did not reach a final stage (COMPLETED, REJECTED, EXPIRED, ABANDONED)");
    }

    @Test
    void aPaymentAuthorizedForNoCompletedFanIsADisagreement() {
        Consistency consistency = check(fans(), counters(3, 0), summary(3, "180.00", 0));

        assertThat(consistency.disagreements()).containsExactly(
                "2 fans completed, the provider authorized 3 payments (not cancelled)",
                "the fans hold 3 tickets, the authorized payments (180.00 EUR) pay for 4 at 45.00");
        assertThat(consistency.text()).contains("DISAGREE: 2 fans completed");
    }

    @Test
    void aSoldCounterOtherThanTheTicketsTheFansHoldIsADisagreement() {
        Consistency consistency = check(fans(), counters(4, 0), summary(2, "135.00", 0));

        assertThat(consistency.disagreements()).containsExactly("the fans hold 3 tickets, the tickets service sold 4");
    }

    @Test
    void theSameCodeTwiceIsOversold() {
        List<SimulatedCustomer> fans = List.of(fan("COMPLETED", "A", "B"), fan("COMPLETED", "B"));

        Consistency consistency = check(fans, counters(3, 0), summary(2, "135.00", 0));

        assertThat(consistency.oversold()).isTrue();
        assertThat(consistency.disagreements()).containsExactly("the fans hold 3 tickets but only 2 distinct codes");
    }

    @Test
    void moreSoldThanTheInventoryIsOversold() {
        Consistency consistency = Consistency.check(fans(), 2, counters(3, 0), null, summary(2, "135.00", 0), null,
                PRICE, "EUR", 0, List.of(), deadLetters(), RUN_START);

        assertThat(consistency.oversold()).isTrue();
        assertThat(consistency.disagreements()).contains("oversold: the tickets service sold 3 of 2 in inventory");
    }

    @Test
    void aJoinNeverNumberedOrAnAdmissionNoFanSawIsAWarningNotADisagreement() {
        List<SimulatedCustomer> fans = fans();
        fans.forEach(fan -> {
            fan.joinAckedNanos = 1;
            fan.queueNumber = 1;
        });
        fans.getLast().queueNumber = 0;
        fans.getFirst().serverAdmittedAt = Instant.EPOCH;
        var counters = GatewayClient.JSON.createObjectNode().put("sold", 3).put("reserved", 0).put("admittedTotal", 2);

        Consistency consistency = check(fans, counters, summary(2, "135.00", 0));

        assertThat(consistency.agrees()).isTrue();
        assertThat(consistency.unnumbered()).isEqualTo(1);
        assertThat(consistency.fansAdmitted()).isEqualTo(1);
        assertThat(consistency.queueAdmitted()).isEqualTo(2);
        assertThat(consistency.warnings()).containsExactly(
                "1 fans whose join was acknowledged never saw a number from the waiting room",
                "the waiting room admitted 2 fans, 1 saw their admission");
        assertThat(consistency.text()).contains("CHECK: 1 fans whose join");
    }

    @Test
    void theRunsDeadLettersAreAWarningByType() {
        JsonNode letters = deadLetters("Tickets.Reserved", "2026-12-03T17:05:00Z", "Queue.Progressed",
                "2026-12-03T16:59:59Z", "Tickets.Reserved", "2026-12-03T17:06:00Z", "Tickets.Issued",
                "2026-12-03T17:07:00Z");

        Consistency consistency = Consistency.check(fans(), 10, counters(3, 0), null, summary(2, "135.00", 0), null,
                PRICE, "EUR", 0, List.of(), letters, RUN_START);

        assertThat(consistency.agrees()).isTrue();
        assertThat(consistency.deadLetters()).containsOnly(Map.entry("Tickets.Reserved", 2),
                Map.entry("Tickets.Issued", 1));
        assertThat(consistency.warnings()).containsExactly("the broker dead-lettered 3 events during the run, which no "
                + "subscriber took: {Tickets.Issued=1, Tickets.Reserved=2}");
    }

    @Test
    void deadLettersTheBrokerCouldNotTellAreANote() {
        JsonNode unavailable = GatewayClient.JSON.createObjectNode().put("available", false);

        Consistency consistency = Consistency.check(fans(), 10, counters(3, 0), null, summary(2, "135.00", 0), null,
                PRICE, "EUR", 0, List.of(), unavailable, RUN_START);

        assertThat(consistency.deadLetters()).isNull();
        assertThat(consistency.notes()).containsExactly("the broker's dead letters were not read");
    }

    @Test
    void heldTicketsPendingPaymentsOrAWaitingRoomCounterBehindMeanTheSaleIsNotAtRestYet() {
        List<SimulatedCustomer> admitted = fans();
        admitted.forEach(fan -> fan.serverAdmittedAt = Instant.EPOCH);
        var behind = GatewayClient.JSON.createObjectNode().put("sold", 3).put("reserved", 0).put("admittedTotal", 2);

        assertThat(check(fans(), counters(3, 2), summary(2, "135.00", 0)).settled()).isFalse();
        assertThat(check(fans(), counters(3, 0), summary(2, "135.00", 1)).settled()).isFalse();
        assertThat(check(admitted, behind, summary(2, "135.00", 0)).settled()).isFalse();
        assertThat(check(admitted, behind.put("admittedTotal", 3), summary(2, "135.00", 0)).settled()).isTrue();
    }

    @Test
    void whatCouldNotBeReadIsANoteNotADisagreement() {
        Consistency consistency = Consistency.check(fans(), 10, null, "no admin password", null, "401 unauthorized",
                PRICE, "EUR", 0, List.of(), deadLetters(), RUN_START);

        assertThat(consistency.agrees()).isTrue();
        assertThat(consistency.notes()).containsExactly(
                "the tickets service's counters were not read: no admin password",
                "the provider's payments were not read: 401 unauthorized");
    }

    @Test
    void aPlannedKillThatDidNotHappenOrDidNotEndTheLauncherBySigkillIsADisagreement() {
        Kill bySigkill = new Kill(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(4), 137, 10, 12, Duration.ofSeconds(20));
        Kill byTerm = new Kill(2, 101, Duration.ofSeconds(30), Duration.ofSeconds(4), 143, 5, 0, Duration.ofSeconds(20));

        Consistency consistency = Consistency.check(fans(), 10, counters(3, 0), null, summary(2, "135.00", 0), null,
                PRICE, "EUR", 3, List.of(bySigkill, byTerm), deadLetters(), RUN_START);

        assertThat(consistency.disagreements()).containsExactly("2 of 3 planned kills happened",
                "kill 2 ended the launcher with exit status 143, not SIGKILL's 137");
    }
}
