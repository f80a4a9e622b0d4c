package io.concertsale.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run measured: throughput, fairness (FIFO), correctness (oversell, duplicate codes), latency, errors, what
 * the fans tried again, the chaos mode's kills, and the check that the fans, the tickets service and the payment
 * provider agree.
 *
 * @param fifoViolations customers admitted before someone whose join had been acknowledged before theirs was sent
 * @param queueOrderViolations customers admitted before someone the waiting room had numbered ahead of them
 * @param serverSold the tickets service's sold counter, -1 when not read
 * @param retries calls tried again, WebSockets reopened, sessions looked up
 * @param follow how the fans followed their sessions: polls, WebSockets opened, at most open at once, refused
 * @param admittedSeenPolling fans who learned of their admission from a poll rather than a push: their waiting room
 *        time includes up to one poll interval (0 when every fan was on its WebSocket by its turn, as it should be)
 * @param kills the chaos mode's kills, in order (none without chaos)
 */
public record SaleReport(
        int customers,
        int completed,
        Map<String, Integer> outcomes,
        int ticketsIssued,
        int distinctCodes,
        int inventory,
        int serverSold,
        int serverRemaining,
        boolean oversold,
        double purchasesPerSecond,
        double ticketsPerSecond,
        Duration saleDuration,
        int fifoViolations,
        int queueOrderViolations,
        Duration queueP50,
        Duration queueP99,
        Duration buyP50,
        Duration buyP99,
        Duration buyMax,
        int errors,
        List<String> sampleErrors,
        RetryCounts retries,
        FollowCounts follow,
        int admittedSeenPolling,
        List<Kill> kills,
        Consistency consistency,
        Duration wallTime) {

    static SaleReport of(List<SimulatedCustomer> customers, JsonNode counters, RetryCounts retries,
            FollowCounts follow, List<Kill> kills, Consistency consistency, Duration wallTime) {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        List<Long> queueNanos = new ArrayList<>();
        List<Long> buyNanos = new ArrayList<>();
        long firstAdmitted = Long.MAX_VALUE;
        long lastCompleted = Long.MIN_VALUE;
        int completed = 0;
        int admittedSeenPolling = 0;
        for (SimulatedCustomer customer : customers) {
            String outcome = customer.finalStage == null ? "UNFINISHED"
                    : customer.exitReason == null ? customer.finalStage : customer.finalStage + " (" + customer.exitReason + ")";
            outcomes.merge(outcome, 1, Integer::sum);
            if (customer.error != null) {
                errors.add(customer.sessionId + ": " + customer.error);
            }
            if (customer.admittedSeenNanos != 0) {
                firstAdmitted = Math.min(firstAdmitted, customer.admittedSeenNanos);
                if (customer.admittedSeenPolling) {
                    admittedSeenPolling++;
                }
                if (customer.joinAckedNanos != 0) {
                    queueNanos.add(Math.max(0, customer.admittedSeenNanos - customer.joinAckedNanos));
                }
            }
            if ("COMPLETED".equals(customer.finalStage)) {
                completed++;
                lastCompleted = Math.max(lastCompleted, customer.completedSeenNanos);
                buyNanos.add(customer.completedSeenNanos - customer.admittedSeenNanos);
            }
        }
        Duration saleDuration = completed == 0 ? Duration.ZERO : Duration.ofNanos(lastCompleted - firstAdmitted);
        double seconds = Math.max(saleDuration.toNanos() / 1e9, 1e-9);
        int serverSold = counters == null ? -1 : counters.path("sold").asInt(-1);
        int serverRemaining = counters == null ? -1 : counters.path("remaining").asInt(-1);
        int issued = consistency.ticketsHeld();
        return new SaleReport(customers.size(), completed, outcomes, issued, consistency.distinctCodes(),
                consistency.inventory(), serverSold, serverRemaining, consistency.oversold(),
                completed == 0 ? 0 : completed / seconds, completed == 0 ? 0 : issued / seconds, saleDuration,
                fifoViolations(customers), queueOrderViolations(customers), percentile(queueNanos, 50),
                percentile(queueNanos, 99), percentile(buyNanos, 50), percentile(buyNanos, 99), percentile(buyNanos, 100),
                errors.size(), errors.stream().limit(5).toList(), retries, follow, admittedSeenPolling, kills,
                consistency, wallTime);
    }

    /** The exit status a run earns: 2 when tickets were oversold, 3 when anything else disagrees, 0 otherwise. */
    int exitStatus() {
        return oversold ? 2 : consistency.agrees() ? 0 : 3;
    }

    /**
     * Counts customers B admitted earlier than some customer A whose join was acknowledged before B's join was
     * sent (A was unambiguously first). A customer never admitted counts as admitted at infinity, so if A was
     * never admitted while B, who came later, was, B counts too. O(n log n).
     */
    static int fifoViolations(List<SimulatedCustomer> customers) {
        List<SimulatedCustomer> joined = customers.stream().filter(c -> c.joinAckedNanos != 0).toList();
        List<SimulatedCustomer> byAck = joined.stream().sorted(Comparator.comparingLong(c -> c.joinAckedNanos)).toList();
        List<SimulatedCustomer> bySent = joined.stream().sorted(Comparator.comparingLong(c -> c.joinSentNanos)).toList();
        int violations = 0;
        int next = 0;
        Instant latestAdmissionBefore = Instant.MIN;
        for (SimulatedCustomer b : bySent) {
            while (next < byAck.size() && byAck.get(next).joinAckedNanos < b.joinSentNanos) {
                Instant admitted = admittedAt(byAck.get(next));
                if (admitted.isAfter(latestAdmissionBefore)) {
                    latestAdmissionBefore = admitted;
                }
                next++;
            }
            if (b.serverAdmittedAt != null && latestAdmissionBefore.isAfter(b.serverAdmittedAt)) {
                violations++;
            }
        }
        return violations;
    }

    /**
     * Counts customers admitted earlier than some customer the waiting room had numbered ahead of them (the
     * queue's own first come, first served). O(n log n).
     */
    static int queueOrderViolations(List<SimulatedCustomer> customers) {
        List<SimulatedCustomer> numbered = customers.stream().filter(c -> c.queueNumber > 0)
                .sorted(Comparator.comparingLong(c -> c.queueNumber)).toList();
        int violations = 0;
        Instant latestAdmissionAhead = Instant.MIN;
        for (SimulatedCustomer customer : numbered) {
            if (customer.serverAdmittedAt != null && latestAdmissionAhead.isAfter(customer.serverAdmittedAt)) {
                violations++;
            }
            Instant admitted = admittedAt(customer);
            if (admitted.isAfter(latestAdmissionAhead)) {
                latestAdmissionAhead = admitted;
            }
        }
        return violations;
    }

    /** When the customer was admitted; never admitted counts as "last" unless they left or failed themselves. */
    private static Instant admittedAt(SimulatedCustomer customer) {
        if (customer.serverAdmittedAt != null) {
            return customer.serverAdmittedAt;
        }
        boolean leftByThemselves = "ABANDONED".equals(customer.finalStage) || "ERROR".equals(customer.finalStage);
        return leftByThemselves ? Instant.MIN : Instant.MAX;
    }

    /** The nearest-rank percentile of these durations in nanoseconds; zero for none. */
    static Duration percentile(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Duration.ZERO;
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return Duration.ofNanos(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }

    /** The median of each figure over several runs, and the runs' own figures beside it. */
    static String medians(List<SaleReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Medians of %d runs%n", reports.size()));
        row(out, "purchases per second", reports, r -> r.purchasesPerSecond(), "%.1f");
        row(out, "tickets per second", reports, r -> r.ticketsPerSecond(), "%.1f");
        row(out, "FIFO violations (fans' order)", reports, r -> r.fifoViolations(), "%.0f");
        row(out, "FIFO violations (queue's order)", reports, r -> r.queueOrderViolations(), "%.0f");
        row(out, "waiting room p50 (ms)", reports, r -> r.queueP50().toMillis(), "%.0f");
        row(out, "waiting room p99 (ms)", reports, r -> r.queueP99().toMillis(), "%.0f");
        row(out, "admission to tickets p50 (ms)", reports, r -> r.buyP50().toMillis(), "%.0f");
        row(out, "admission to tickets p99 (ms)", reports, r -> r.buyP99().toMillis(), "%.0f");
        row(out, "tickets issued", reports, r -> r.ticketsIssued(), "%.0f");
        row(out, "errors", reports, r -> r.errors(), "%.0f");
        row(out, "retries", reports, r -> r.retries().retries(), "%.0f");
        row(out, "WebSocket reconnects", reports, r -> r.retries().reconnects(), "%.0f");
        row(out, "polls", reports, r -> r.follow().polls(), "%.0f");
        row(out, "WebSockets open at most", reports, r -> r.follow().peakOpenSockets(), "%.0f");
        row(out, "admissions seen on a poll", reports, r -> r.admittedSeenPolling(), "%.0f");
        out.append(String.format("  oversold in any run: %s%n", reports.stream().anyMatch(SaleReport::oversold) ? "YES" : "no"));
        out.append(String.format("  disagreement in any run: %s%n",
                reports.stream().allMatch(r -> r.consistency().agrees()) ? "no" : "YES"));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, List<SaleReport> reports,
            java.util.function.ToDoubleFunction<SaleReport> figure, String format) {
        List<Double> values = reports.stream().mapToDouble(figure).sorted().boxed().toList();
        double median = values.size() % 2 == 1 ? values.get(values.size() / 2)
                : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
        out.append(String.format("  %-30s " + format + "   (runs: %s)%n", name, median, reports.stream()
                .map(r -> String.format(format, figure.applyAsDouble(r))).toList()));
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Sale simulation report\n");
        out.append(String.format("  customers            %d%n", customers));
        outcomes.forEach((outcome, count) -> out.append(String.format("    %-30s %d%n", outcome, count)));
        out.append(String.format("  tickets issued       %d (distinct codes %d) of %d in inventory%n", ticketsIssued,
                distinctCodes, inventory));
        out.append(String.format("  server counters      sold %d, remaining %d%n", serverSold, serverRemaining));
        out.append(String.format("  oversell             %s%n", oversold ? "YES" : "none"));
        out.append(String.format("  purchases per second %.1f (tickets %.1f/s over %.1f s from first admission to last issue)%n",
                purchasesPerSecond, ticketsPerSecond, saleDuration.toMillis() / 1000.0));
        out.append(String.format("  FIFO violations      %d (join order seen by the fans), %d (the waiting room's own order)%n",
                fifoViolations, queueOrderViolations));
        out.append(String.format("  waiting room         p50 %d ms, p99 %d ms (join acknowledged to admitted)%n",
                queueP50.toMillis(), queueP99.toMillis()));
        out.append(String.format("  admission to tickets p50 %d ms, p99 %d ms, max %d ms%n", buyP50.toMillis(),
                buyP99.toMillis(), buyMax.toMillis()));
        out.append(String.format("  errors               %d%n", errors));
        sampleErrors.forEach(error -> out.append("    ").append(error).append('\n'));
        out.append(String.format("  retries              %d (%d refused, %d unavailable, %d answers lost, %d server errors on "
                + "reads), %d WebSocket reconnects, %d looks at a session, %d given up at the deadline%n",
                retries.retries(), retries.refused(), retries.unavailable(), retries.answerLost(), retries.serverErrors(),
                retries.reconnects(), retries.lookups(), retries.givenUp()));
        out.append(String.format("  following            %d polls, %d WebSockets opened (at most %d open at once), %d "
                + "refused by the gateway; %d admissions seen on a poll, the others pushed%n", follow.polls(),
                follow.socketsOpened(), follow.peakOpenSockets(), follow.socketsRefused(), admittedSeenPolling));
        if (!kills.isEmpty()) {
            out.append(String.format("  kills (SIGKILL)      %d%n", kills.size()));
            kills.forEach(kill -> out.append(String.format("    #%d at %.1f s: process %d up %.1f s, exit status %d, %d "
                    + "fans unfinished, %d deliveries pending at the broker, serving again after %.1f s%n",
                    kill.number(), kill.at().toMillis() / 1000.0, kill.pid(), kill.upFor().toMillis() / 1000.0,
                    kill.exitValue(), kill.unfinishedFans(), kill.deliveriesPending(),
                    kill.downFor().toMillis() / 1000.0)));
            out.append("    (latencies and rates include the time the sale was down)\n");
        }
        out.append(String.format("  wall time            %.1f s%n", wallTime.toMillis() / 1000.0));
        out.append(consistency.text());
        return out.toString();
    }

    ObjectNode json() {
        ObjectNode node = GatewayClient.JSON.valueToTree(this);
        node.put("saleDurationMillis", saleDuration.toMillis());
        node.put("queueP50Millis", queueP50.toMillis());
        node.put("queueP99Millis", queueP99.toMillis());
        node.put("buyP50Millis", buyP50.toMillis());
        node.put("buyP99Millis", buyP99.toMillis());
        node.put("buyMaxMillis", buyMax.toMillis());
        node.put("wallTimeMillis", wallTime.toMillis());
        return node;
    }
}
