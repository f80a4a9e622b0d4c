package io.concertsale.loadtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The check at the end of a run, chaos or not: what the fans saw against what the sale and the payment provider
 * say. All must agree, or nothing acknowledged may have been lost: every fan reached a final stage; the fans who
 * completed are the payments the provider authorized and did not cancel; the tickets the fans hold (distinct codes)
 * are the tickets service's sold count and what those payments paid for (their amount at the ticket's price: a
 * provider knows amounts, not tickets); nothing is oversold; and every kill the chaos mode planned happened by
 * SIGKILL.
 *
 * @param notFinal fans who did not reach COMPLETED, REJECTED, EXPIRED or ABANDONED (unfinished or failed)
 * @param sold the tickets service's sold count (the gateway's admin counters), or null when not read
 * @param held tickets held by reservations now, or null when not read
 * @param authorized payments the provider authorized and did not cancel, or null when not read
 * @param authorizedAmount their amount in the sale's currency
 * @param pendingPayments payments the provider has not settled yet
 * @param fansAdmitted fans who saw their admission
 * @param queueAdmitted fans the waiting room admitted (the gateway's admin counters), or null when not read
 * @param unnumbered fans whose join was acknowledged but who never saw a number from the waiting room
 * @param deadLetters events the broker dead-lettered since the run started, by type: accepted, and never taken by a
 *        subscriber (kept for an operator to replay), or null when not read
 * @param notes what could not be checked, and why
 * @param warnings what points to a lost event but does not change the verdict: joins never numbered and admissions
 *        no fan saw (only when no join or admission crossed the close of the queue: a join that crossed it is sent
 *        away unnumbered, an admission that crossed it is not shown; a sale whose fans all joined long before it sold
 *        out has none), and dead letters (parked, not lost: an operator replays them)
 * @param disagreements every check that failed, in plain words; empty when all agree
 */
public record Consistency(
        int fans,
        int notFinal,
        int completed,
        int ticketsHeld,
        int distinctCodes,
        int inventory,
        Integer sold,
        Integer held,
        Long authorized,
        BigDecimal authorizedAmount,
        Long pendingPayments,
        BigDecimal price,
        String currency,
        int fansAdmitted,
        Integer queueAdmitted,
        int unnumbered,
        Map<String, Integer> deadLetters,
        List<String> notes,
        List<String> warnings,
        List<String> disagreements) {

    private static final Set<String> FINAL_STAGES = Set.of("COMPLETED", "REJECTED", "EXPIRED", "ABANDONED");

    /**
     * Compares.
     *
     * @param counters the gateway's {@code GET /api/admin/sale}, or null with {@code countersProblem} saying why
     * @param summary the provider's {@code GET /api/payments/summary} since the run started, or null with
     *        {@code summaryProblem} saying why
     * @param price the price of the ticket type the fans bought, in {@code currency}
     * @param deadLetters the gateway's {@code GET /api/admin/dead-letters}, or null when not read
     * @param since when the run started: older dead letters are not its own
     */
    static Consistency check(List<SimulatedCustomer> customers, int inventory, JsonNode counters,
            String countersProblem, JsonNode summary, String summaryProblem, BigDecimal price, String currency,
            int killsPlanned, List<Kill> kills, JsonNode deadLetters, Instant since) {
        int notFinal = 0;
        int completed = 0;
        int ticketsHeld = 0;
        int fansAdmitted = 0;
        int unnumbered = 0;
        Set<String> codes = new HashSet<>();
        for (SimulatedCustomer customer : customers) {
            if (customer.serverAdmittedAt != null) {
                fansAdmitted++;
            }
            if (customer.joinAckedNanos != 0 && customer.queueNumber == 0) {
                unnumbered++;
            }
            if (customer.finalStage == null || !FINAL_STAGES.contains(customer.finalStage)) {
                notFinal++;
            }
            if ("COMPLETED".equals(customer.finalStage)) {
                completed++;
                ticketsHeld += customer.ticketCodes.size();
                codes.addAll(customer.ticketCodes);
            }
        }
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        if (unnumbered > 0) {
            warnings.add(unnumbered + " fans whose join was acknowledged never saw a number from the waiting room");
        }
        if (notFinal > 0) {
            disagreements.add(notFinal + " fans did not reach a final stage (COMPLETED, REJECTED, EXPIRED, ABANDONED)");
        }
        if (codes.size() != ticketsHeld) {
            disagreements.add("the fans hold " + ticketsHeld + " tickets but only " + codes.size() + " distinct codes");
        }
        if (ticketsHeld > inventory) {
            disagreements.add("oversold: the fans hold " + ticketsHeld + " tickets of " + inventory + " in inventory");
        }
        Integer sold = null;
        Integer held = null;
        Integer queueAdmitted = null;
        if (counters == null) {
            notes.add("the tickets service's counters were not read: " + countersProblem);
        } else {
            sold = counters.path("sold").asInt();
            held = counters.path("reserved").asInt();
            queueAdmitted = counters.path("admittedTotal").asInt();
            if (queueAdmitted != fansAdmitted) {
                warnings.add("the waiting room admitted " + queueAdmitted + " fans, " + fansAdmitted
                        + " saw their admission");
            }
            if (sold != ticketsHeld) {
                disagreements.add("the fans hold " + ticketsHeld + " tickets, the tickets service sold " + sold);
            }
            if (sold > inventory) {
                disagreements.add("oversold: the tickets service sold " + sold + " of " + inventory + " in inventory");
            }
        }
        Long authorized = null;
        BigDecimal authorizedAmount = null;
        Long pending = null;
        if (summary == null) {
            notes.add("the provider's payments were not read: " + summaryProblem);
        } else {
            JsonNode payments = summary.path("byStatus").path("AUTHORIZED");
            authorized = payments.path("count").asLong();
            authorizedAmount = payments.path("amounts").path(currency).asDecimal(BigDecimal.ZERO);
            pending = summary.path("byStatus").path("PENDING").path("count").asLong();
            if (authorized != completed) {
                disagreements.add(completed + " fans completed, the provider authorized " + authorized
                        + " payments (not cancelled)");
            }
            BigDecimal paidFor = paidFor(authorizedAmount, price);
            if (paidFor == null) {
                notes.add("the ticket's price is unknown: the payments' amount was not turned into tickets");
            } else if (paidFor.compareTo(BigDecimal.valueOf(ticketsHeld)) != 0) {
                disagreements.add("the fans hold " + ticketsHeld + " tickets, the authorized payments ("
                        + authorizedAmount.toPlainString() + " " + currency + ") pay for " + paidFor.toPlainString()
                        + " at " + price.toPlainString());
            }
        }
        Map<String, Integer> lettersByType = null;
        if (deadLetters != null && deadLetters.path("available").asBoolean(false)) {
            lettersByType = new TreeMap<>();
            for (JsonNode letter : deadLetters.path("letters")) {
                String receivedAt = letter.path("receivedAt").asString("");
                if (!receivedAt.isEmpty() && !Instant.parse(receivedAt).isBefore(since)) {
                    lettersByType.merge(letter.path("attributes").path("type").asString("?"), 1, Integer::sum);
                }
            }
            if (!lettersByType.isEmpty()) {
                warnings.add("the broker dead-lettered " + lettersByType.values().stream().mapToInt(Integer::intValue)
                        .sum() + " events during the run, which no subscriber took: " + lettersByType);
            }
        } else {
            notes.add("the broker's dead letters were not read");
        }
        if (kills.size() != killsPlanned) {
            disagreements.add(kills.size() + " of " + killsPlanned + " planned kills happened");
        }
        for (Kill kill : kills) {
            if (!kill.bySigkill()) {
                disagreements.add("kill " + kill.number() + " ended the launcher with exit status " + kill.exitValue()
                        + ", not SIGKILL's " + LauncherProcess.SIGKILL_EXIT);
            }
        }
        return new Consistency(customers.size(), notFinal, completed, ticketsHeld, codes.size(), inventory, sold, held,
                authorized, authorizedAmount, pending, price, currency, fansAdmitted, queueAdmitted, unnumbered,
                lettersByType == null ? null : Map.copyOf(lettersByType), List.copyOf(notes), List.copyOf(warnings),
                List.copyOf(disagreements));
    }

    public boolean agrees() {
        return disagreements.isEmpty();
    }

    public boolean oversold() {
        return ticketsHeld > inventory || distinctCodes != ticketsHeld || (sold != null && sold > inventory);
    }

    /**
     * Nothing is under way any more, as far as it was read: no tickets held, no payment pending, and the waiting
     * room's counter (its latest broadcast) caught up with the admissions the fans saw.
     */
    boolean settled() {
        return (held == null || held == 0) && (pendingPayments == null || pendingPayments == 0)
                && (queueAdmitted == null || queueAdmitted == fansAdmitted);
    }

    /** The tickets the authorized payments pay for, or null when unknown. */
    public BigDecimal paidFor() {
        return paidFor(authorizedAmount, price);
    }

    private static BigDecimal paidFor(BigDecimal amount, BigDecimal price) {
        return amount == null || price == null || price.signum() == 0 ? null
                : amount.divide(price, 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Consistency (at rest: %s)%n", settled() ? "yes" : "NO"));
        out.append(String.format("  fans not at a final stage      %d of %d%n", notFinal, fans));
        out.append(String.format("  fans completed                 %d   payments authorized, not cancelled: %s%n",
                completed, authorized == null ? "not read" : authorized));
        out.append(String.format("  tickets the fans hold          %d (%d distinct codes)%n", ticketsHeld,
                distinctCodes));
        out.append(String.format("  tickets service's sold counter %s of %d in inventory (held now: %s)%n",
                sold == null ? "not read" : sold, inventory, held == null ? "not read" : held));
        out.append(String.format("  tickets the payments pay for   %s%n", paidFor() == null ? "not known"
                : paidFor().toPlainString() + " (" + authorizedAmount.toPlainString() + " " + currency + " at "
                        + price.toPlainString() + "; pending payments: " + pendingPayments + ")"));
        out.append(String.format("  waiting room                   admitted %s, fans saw %d; joins acknowledged, never "
                + "numbered: %d%n", queueAdmitted == null ? "not read" : queueAdmitted, fansAdmitted, unnumbered));
        notes.forEach(note -> out.append("  not checked: ").append(note).append('\n'));
        out.append(String.format("  dead letters during the run    %s%n", deadLetters == null ? "not read"
                : deadLetters.isEmpty() ? "none" : deadLetters));
        warnings.forEach(warning -> out.append("  CHECK: ").append(warning).append('\n'));
        if (agrees()) {
            out.append("  ALL AGREE: nothing lost\n");
        } else {
            disagreements.forEach(disagreement -> out.append("  DISAGREE: ").append(disagreement).append('\n'));
        }
        return out.toString();
    }
}
