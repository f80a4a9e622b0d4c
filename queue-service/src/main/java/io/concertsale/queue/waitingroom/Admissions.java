package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.queue.waitingroom.store.EntryStore;
import io.concertsale.queue.waitingroom.store.SaleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One admission pass, run on every tick, one at a time: close the queue when the sale is sold out for good, free the
 * active shoppers whose admission token expired unused, let in the next customers in join order as the rate, the
 * active-shopper cap and the ticket availability allow, each with a signed admission token, and report progress once
 * if anything changed.
 */
public class Admissions {

    private static final Logger log = LoggerFactory.getLogger(Admissions.class);

    private final EntryStore entries;
    private final SaleStore sales;
    private final QueueIndex index;
    private final SaleLock lock;
    private final QueueAnnouncements announcements;
    private final AdmissionTokens tokens;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Duration expiryGrace;
    private final ReentrantLock passes = new ReentrantLock();
    private final AdmissionBudget budget = new AdmissionBudget();

    /**
     * @param tokenTtl how long an admission token is valid
     * @param expiryGrace how long after its token expired an admitted customer without a reservation is freed, so a
     *        reservation made just before the expiry is reported first
     */
    public Admissions(EntryStore entries, SaleStore sales, QueueIndex index, SaleLock lock,
            QueueAnnouncements announcements, AdmissionTokens tokens, TransactionTemplate transactions, Clock clock,
            Duration tokenTtl, Duration expiryGrace) {
        this.entries = entries;
        this.sales = sales;
        this.index = index;
        this.lock = lock;
        this.announcements = announcements;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
        this.expiryGrace = expiryGrace;
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

    /** Runs one admission pass; passes never overlap. */
    public Pass tick() {
        passes.lock();
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            int turnedAway = sales.current().soldOutForGood() ? close(now) : 0;
            return lock.shared(() -> admit(now, turnedAway));
        } finally {
            passes.unlock();
        }
    }

    /** Sends every waiting customer away with one {@code Queue.Closed}: nothing is left to sell. */
    private int close(Instant now) {
        return lock.exclusive(() -> {
            Integer turnedAway = transactions.execute(status -> {
                Sale sale = sales.current();
                if (!sale.soldOutForGood()) {
                    return null;
                }
                int count = entries.turnAwayWaiting(now, WaitingRoom.SOLD_OUT);
                sales.close(now);
                announcements.closed(new QueueClosed(sale.saleId(), WaitingRoom.SOLD_OUT, count, now));
                return count;
            });
            if (turnedAway == null) {
                return 0;
            }
            index.reset(List.of(), index.admittedTotal());
            index.markChanged();
            log.info("Sold out: the queue is closed and {} waiting customers were turned away", turnedAway);
            return turnedAway;
        });
    }

    private Pass admit(Instant now, int turnedAway) {
        boolean changed = index.takeChanged() || turnedAway > 0;
        Result result;
        try {
            result = transactions.execute(status -> pass(now, changed));
        } catch (RuntimeException e) {
            budget.settle(0);
            if (changed) {
                index.markChanged();
            }
            throw e;
        }
        List<Long> numbers = result.admitted().stream().map(EntryStore.Admission::number).toList();
        index.admitted(numbers);
        budget.settle(numbers.size());
        if (!numbers.isEmpty()) {
            log.debug("Admitted {} customers, up to number {}", numbers.size(), numbers.getLast());
        }
        return new Pass(numbers.size(), result.expired(), turnedAway, result.progressed());
    }

    private Result pass(Instant now, boolean changed) {
        Sale sale = sales.current();
        int expired = entries.expireTokens(now.minus(expiryGrace), now, FinishReason.TOKEN_EXPIRED.name());
        long active = entries.countActive();
        int allowance = budget.allowance(sale.saleId(), now, sale.admitting() ? sale.ratePerSecond() : 0);
        int wanted = (int) Math.min(allowance, Math.max(0, sale.maxActiveShoppers() - active));
        List<EntryStore.Admission> admitted = List.of();
        if (wanted > 0) {
            admitted = letIn(entries.nextWaiting(wanted, sale.lastAdmittedNumber(), index.admissionLimit()), now);
        }
        boolean progressed = changed || expired > 0 || !admitted.isEmpty();
        if (progressed) {
            announcements.progressed(new QueueProgressed(sale.saleId(), index.waiting() - admitted.size(),
                    sale.admittedTotal() + admitted.size(), active + admitted.size(), sale.ratePerSecond(),
                    sale.paused(), now));
        }
        return new Result(admitted, expired, progressed);
    }

    private List<EntryStore.Admission> letIn(List<EntryStore.Waiting> next, Instant now) {
        if (next.isEmpty()) {
            return List.of();
        }
        Instant tokenExpiresAt = now.plus(tokenTtl).truncatedTo(ChronoUnit.SECONDS);
        List<EntryStore.Admission> admissions = new ArrayList<>(next.size());
        for (EntryStore.Waiting waiting : next) {
            admissions.add(new EntryStore.Admission(waiting.number(), waiting.sessionId(),
                    tokens.issue(waiting.sessionId(), tokenExpiresAt)));
        }
        List<EntryStore.Admission> admitted = entries.admit(admissions, now, tokenExpiresAt);
        if (!admitted.isEmpty()) {
            sales.addAdmitted(admitted.size(), admitted.getLast().number());
            for (EntryStore.Admission admission : admitted) {
                announcements.exited(new QueueCustomerExited(admission.sessionId(), admission.number(),
                        admission.token(), tokenExpiresAt, now));
            }
        }
        return admitted;
    }

    private record Result(List<EntryStore.Admission> admitted, int expired, boolean progressed) {
    }
}
