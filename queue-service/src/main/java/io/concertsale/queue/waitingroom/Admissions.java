package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueProgressed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One admission pass, run on every tick, one at a time: close the queue when the sale is sold out for good, free the
 * active shoppers whose admission token expired unused, move the admission frontier, let in the next customers in
 * join order as the rate, the active-shopper cap and the ticket availability allow, each with a signed admission
 * token, and report progress once if anything changed.
 *
 * <p>The join order is the gateway's: its numbers reach the queue in any order. Admission never lets in a number above
 * the frontier, the number up to which every join has arrived (in any state), so nobody is admitted while a join ahead
 * of them is still on its way. A number missing for the gap wait after a later one arrived is given up on (a WARN and
 * the {@value #SKIPPED_NUMBERS} counter), so a lost join cannot stall the sale; if it arrives after all, it is admitted
 * next, its number being lower than everyone's still waiting. Nothing is reported while no sale is open.
 *
 * <p>Several instances may run on one database: only the one that holds the admission lease (the table
 * {@code queue_ticker}) runs passes. It renews the lease in each pass's transaction, which keeps the lease row locked
 * until the pass ends, so two passes never overlap; when the holder stops it gives the lease up, and when it dies the
 * lease runs out and the next instance that ticks takes it. The rate budget lives with the holder: a new holder
 * starts it from nothing.
 */
public class Admissions {

    /** Counter of join numbers given up on after the gap wait. */
    public static final String SKIPPED_NUMBERS = "queue.admission.skipped.numbers";
    /** How many join numbers above the frontier a pass reads at a time. */
    private static final int SCAN = 1000;

    private static final Logger log = LoggerFactory.getLogger(Admissions.class);

    private final EntryStore entries;
    private final SaleStore sales;
    private final QueueCounters counters;
    private final SaleLock lock;
    private final WaitingRoomFacts facts;
    private final AdmissionTokens tokens;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Duration expiryGrace;
    private final Duration gapWait;
    private final Duration lease;
    private final String holder = UUID.randomUUID().toString();
    private final Counter skippedNumbers;
    private final ReentrantLock passes = new ReentrantLock();
    private final AdmissionBudget budget = new AdmissionBudget();
    /** Whether this instance held the lease in its last pass. */
    private volatile boolean leading;
    /** The change count the last progress report was made for; -1: none made yet by this instance. */
    private long reported = -1;

    /**
     * @param tokenTtl how long an admission token is valid
     * @param expiryGrace how long after its token expired an admitted customer without a reservation is freed, so a
     *        reservation made just before the expiry is reported first
     * @param gapWait how long a missing join number holds back the numbers after it
     * @param lease how long the admission lease lasts after a pass: another instance takes over once it ran out
     */
    public Admissions(EntryStore entries, SaleStore sales, QueueCounters counters, SaleLock lock,
            WaitingRoomFacts facts, AdmissionTokens tokens, TransactionTemplate transactions, Clock clock,
            Duration tokenTtl, Duration expiryGrace, Duration gapWait, Duration lease, MeterRegistry meters) {
        this.entries = entries;
        this.sales = sales;
        this.counters = counters;
        this.lock = lock;
        this.facts = facts;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
        this.expiryGrace = expiryGrace;
        this.gapWait = gapWait;
        this.lease = lease;
        this.skippedNumbers = Counter.builder(SKIPPED_NUMBERS)
                .description("Join numbers that did not arrive within the gap wait: admission went on without them")
                .register(meters);
    }

    /**
     * What a pass did.
     *
     * @param turnedAway customers sent away because the queue closed in this pass
     * @param expired active shoppers freed because their token expired unused
     * @param progressed whether a {@code Queue.Progressed} went out
     */
    public record Pass(int admitted, int expired, int turnedAway, boolean progressed) {
    }

    /** Runs one admission pass if this instance holds the admission lease (or takes it); passes never overlap. */
    public Pass tick() {
        passes.lock();
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!sales.leaseOpenTo(holder, now)) {
                notLeading();
                return new Pass(0, 0, 0, false);
            }
            int turnedAway = sales.current().soldOutForGood() ? close(now) : 0;
            return admit(now, Math.max(0, turnedAway));
        } finally {
            passes.unlock();
        }
    }

    /** Whether this instance held the admission lease in its last pass. */
    public boolean leading() {
        return leading;
    }

    /** Gives the admission lease up (the service stops): another instance takes over on its next tick. */
    public void release() {
        passes.lock();
        try {
            sales.releaseLease(holder);
            leading = false;
        } finally {
            passes.unlock();
        }
    }

    /** Takes or renews the lease in the current transaction, after the sale lock (every transaction's order). */
    private boolean lease(Instant now) {
        return sales.holdLease(holder, now, now.plus(lease));
    }

    private void notLeading() {
        if (leading) {
            log.info("Another instance holds the admission lease now: this one stops admitting");
        }
        leading = false;
    }

    /** Sends every waiting customer away with one {@code Queue.Closed}: nothing is left to sell. */
    private int close(Instant now) {
        Integer turnedAway = transactions.execute(status -> {
            lock.excludeUntilCompletion();
            if (!lease(now)) {
                return -1;
            }
            Sale sale = sales.current();
            if (!sale.soldOutForGood()) {
                return 0;
            }
            int count = entries.turnAwayWaiting(sale.saleId(), now, WaitingRoom.SOLD_OUT);
            sales.close(now);
            counters.reset(0);
            facts.publish(new QueueClosed(sale.saleId(), WaitingRoom.SOLD_OUT, count, now));
            log.info("Sold out: the queue is closed and {} waiting customers were turned away", count);
            return count;
        });
        return turnedAway == null ? 0 : turnedAway;
    }

    private Pass admit(Instant now, int turnedAway) {
        Result result;
        try {
            result = transactions.execute(status -> pass(now));
        } catch (RuntimeException e) {
            budget.settle(0);
            throw e;
        }
        if (result == null) {
            notLeading();
            return new Pass(0, 0, turnedAway, false);
        }
        if (!leading) {
            log.info("This instance holds the admission lease: it admits now");
        }
        leading = true;
        reported = result.changes();
        List<Long> numbers = result.admitted().stream().map(EntryStore.Admission::number).toList();
        budget.settle(numbers.size());
        if (!numbers.isEmpty()) {
            log.debug("Admitted {} customers, up to number {}", numbers.size(), numbers.getLast());
        }
        return new Pass(numbers.size(), result.expired(), turnedAway, result.progressed());
    }

    /** One pass in one transaction; null when another instance holds the admission lease. */
    private Result pass(Instant now) {
        lock.shareUntilCompletion();
        if (!lease(now)) {
            return null;
        }
        Sale sale = sales.current();
        if (!sale.open()) {
            return new Result(List.of(), 0, false, reported);
        }
        int expired = entries.expireTokens(now.minus(expiryGrace), now, FinishReason.TOKEN_EXPIRED.name());
        long active = entries.countActive();
        long frontier = advanceFrontier(sale, now);
        // a new holder of the lease starts its budget from nothing, as a restarted service does
        double rate = leading && sale.admitting() ? sale.ratePerSecond() : 0;
        int allowance = budget.allowance(sale.saleId(), now, rate);
        int wanted = (int) Math.min(allowance, Math.max(0, sale.maxActiveShoppers() - active));
        List<EntryStore.Admission> admitted = List.of();
        if (wanted > 0) {
            admitted = letIn(sale.saleId(), entries.nextWaiting(sale.saleId(), wanted, 0, frontier), now);
        }
        if (!admitted.isEmpty()) {
            counters.passAdded(-admitted.size());
        }
        QueueCounters.Progress progress = counters.progress();
        boolean progressed = progress.changes() != reported || expired > 0 || !admitted.isEmpty();
        if (progressed) {
            facts.publish(new QueueProgressed(sale.saleId(), progress.waiting(),
                    sale.admittedTotal() + admitted.size(), progress.active(), sale.ratePerSecond(),
                    sale.paused(), now));
        }
        return new Result(admitted, expired, progressed, progress.changes());
    }

    /**
     * Moves the frontier over every join number that arrived, and over the missing ones that a later number has
     * waited on for the gap wait; keeps the gap watch for the next passes.
     *
     * @return the frontier: admission may take numbers up to it
     */
    private long advanceFrontier(Sale sale, Instant now) {
        String saleId = sale.saleId();
        long frontier = sale.frontier();
        Instant gapSince = sale.gapSince();
        long horizon = sale.gapHorizon();
        if (gapSince != null && !now.isBefore(gapSince.plus(gapWait))) {
            giveUp(saleId, frontier, horizon);
            frontier = Math.max(frontier, horizon - 1);
            gapSince = null;
        }
        long highestSeen;
        while (true) {
            List<Long> above = entries.numbersAbove(saleId, frontier, SCAN);
            int next = 0;
            while (next < above.size() && above.get(next) == frontier + 1) {
                frontier++;
                next++;
            }
            if (next < above.size()) {
                highestSeen = above.getLast();
                break;
            }
            if (above.size() < SCAN) {
                highestSeen = frontier;
                break;
            }
        }
        if (highestSeen == frontier) {
            gapSince = null;
            horizon = 0;
        } else if (gapSince == null || frontier >= horizon) {
            gapSince = now;
            horizon = highestSeen;
        }
        if (frontier != sale.frontier() || !Objects.equals(gapSince, sale.gapSince()) || horizon != sale.gapHorizon()) {
            sales.moveFrontier(frontier, gapSince, horizon);
        }
        return frontier;
    }

    /** Gives up on the join numbers missing below {@code horizon}: the gap wait ran out. */
    private void giveUp(String saleId, long frontier, long horizon) {
        long missing = horizon - 1 - frontier - entries.countBetween(saleId, frontier, horizon);
        if (missing <= 0) {
            return;
        }
        skippedNumbers.increment(missing);
        log.warn("Sale {}: {} of the join numbers {} to {} did not arrive within {} ms of a later one; admission goes "
                + "on without them (one that arrives later goes ahead of everyone still waiting behind it)", saleId,
                missing, frontier + 1, horizon - 1, gapWait.toMillis());
    }

    private List<EntryStore.Admission> letIn(String saleId, List<EntryStore.Waiting> next, Instant now) {
        if (next.isEmpty()) {
            return List.of();
        }
        Instant tokenExpiresAt = now.plus(tokenTtl).truncatedTo(ChronoUnit.SECONDS);
        List<EntryStore.Admission> admissions = new ArrayList<>(next.size());
        for (EntryStore.Waiting waiting : next) {
            admissions.add(new EntryStore.Admission(waiting.number(), waiting.sessionId(),
                    tokens.issue(waiting.sessionId(), saleId, tokenExpiresAt)));
        }
        List<EntryStore.Admission> admitted = entries.admit(saleId, admissions, now, tokenExpiresAt);
        if (!admitted.isEmpty()) {
            sales.addAdmitted(admitted.size());
            for (EntryStore.Admission admission : admitted) {
                facts.publish(new QueueCustomerExited(admission.sessionId(), admission.number(),
                        admission.token(), tokenExpiresAt, now));
            }
        }
        return admitted;
    }

    private record Result(List<EntryStore.Admission> admitted, int expired, boolean progressed, long changes) {
    }
}
