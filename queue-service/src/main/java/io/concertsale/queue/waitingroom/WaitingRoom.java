package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.TicketAvailability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;

/**
 * The waiting room's rules for what happens to it: a sale opens or changes its admission settings, customers join and
 * leave, admitted customers reserve, buy, get rejected or expire. Every method is idempotent: the same fact arriving
 * twice (under another event id, or out of order) changes nothing the second time. Customers keep the join number the
 * gateway gave them in their sale; at most one session holds a number. Admission itself runs in {@link Admissions}.
 */
public class WaitingRoom {

    /** {@code Queue.Closed} reason: every ticket is sold and no hold can come back. */
    public static final String SOLD_OUT = "SOLD_OUT";
    /** The longest reason stored; a longer one from an event is cut. */
    private static final int MAX_REASON = 200;
    /** How often a concurrent change is looked at again before giving up on a leave. */
    private static final int ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(WaitingRoom.class);

    private final EntryStore entries;
    private final SaleStore sales;
    private final QueueCounters counters;
    private final SaleLock lock;
    private final WaitingRoomFacts facts;
    private final Clock clock;
    private final Duration maxEta;

    public WaitingRoom(EntryStore entries, SaleStore sales, QueueCounters counters, SaleLock lock,
            WaitingRoomFacts facts, Clock clock, Duration maxEta) {
        this.entries = entries;
        this.sales = sales;
        this.counters = counters;
        this.lock = lock;
        this.facts = facts;
        this.clock = clock;
        this.maxEta = maxEta;
    }

    /** Says where the waiting room stands (at start): everything is in the table already. */
    @Transactional(readOnly = true)
    public void restore() {
        Sale sale = sales.current();
        long waiting = counters.waiting();
        log.info("Waiting room: {}, {} waiting, {} admitted so far, every join up to number {} in{}",
                sale.open() ? "sale " + sale.saleId() : "no sale opened yet", waiting, sale.admittedTotal(),
                sale.frontier(), sale.closed() ? ", closed" : "");
    }

    /**
     * A sale opens: the entries of every other sale and the counters are cleared. Customers whose join overtook this
     * opening on its way are in already with the sale's own numbers: they keep them and are told their place now. A
     * repeated or older opening is ignored.
     */
    @Transactional
    public void open(String saleId, Instant openedAt, int holdSeconds, AdmissionSettings admission) {
        lock.excludeUntilCompletion();
        Sale current = sales.current();
        if (current.open() && !openedAt.isAfter(current.openedAt())) {
            log.info("Sale {} opened at {} is not newer than sale {} opened at {}: ignored", saleId, openedAt,
                    current.saleId(), current.openedAt());
            return;
        }
        int cleared = entries.deleteAllBut(saleId);
        sales.open(saleId, openedAt, holdSeconds, admission);
        Sale sale = sales.current();
        List<EntryStore.Waiting> early = entries.waiting(saleId);
        for (int i = 0; i < early.size(); i++) {
            EntryStore.Waiting entry = early.get(i);
            facts.publish(new QueueCustomerQueued(entry.sessionId(), entry.number(), i + 1L, 0,
                    etaSeconds(i + 1L, sale)));
        }
        counters.reset(early.size());
        log.info("Sale {} open{}: {} per second, at most {} active shoppers{}, {} joined already", saleId,
                current.open() ? " (replaces sale " + current.saleId() + ", " + cleared + " entries cleared)" : "",
                admission.ratePerSecond(), admission.maxActiveShoppers(), admission.paused() ? ", paused" : "",
                early.size());
    }

    /**
     * New rate, cap or pause for the current sale; one for another sale, or older than the settings in force, is
     * ignored.
     */
    @Transactional
    public void updateAdmission(String saleId, AdmissionSettings admission, Instant updatedAt) {
        lock.shareUntilCompletion();
        if (sales.updateAdmission(saleId, admission, updatedAt)) {
            counters.changed();
            log.info("Admission for sale {}: {} per second, at most {} active shoppers{}", saleId,
                    admission.ratePerSecond(), admission.maxActiveShoppers(), admission.paused() ? ", paused" : "");
        } else {
            log.info("Admission update for sale {} at {} ignored: another sale, or not the newest", saleId, updatedAt);
        }
    }

    /** The latest inventory snapshot of the current sale; admission halts while nothing is available. */
    @Transactional
    public void recordAvailability(String saleId, List<TicketAvailability> ticketTypes, Instant at) {
        lock.shareUntilCompletion();
        long available = ticketTypes.stream().mapToLong(type -> Math.max(0, type.available())).sum();
        long reserved = ticketTypes.stream().mapToLong(type -> Math.max(0, type.reserved())).sum();
        if (!sales.recordAvailability(saleId, available, reserved, at)) {
            log.debug("Availability of sale {} at {} ignored: another sale, or not the newest", saleId, at);
        }
    }

    /**
     * A customer joins the sale with the number the gateway gave, and is answered with their place. A session that
     * joins again keeps its place and gets the same answer again. Once the queue closed, a join is turned away at
     * once. A join of another sale than the current one waits for that sale to open: it overtook its
     * {@code Sale.Opened} (and is answered when the sale opens) or a newer sale replaced its own (it is never
     * admitted, and the next opening clears it).
     */
    @Transactional
    public void join(String sessionId, String saleId, long number, Instant joinedAt) {
        lock.shareUntilCompletion();
        Optional<QueueEntry> existing = entries.find(sessionId);
        if (existing.isPresent()) {
            answerAgain(existing.get());
            return;
        }
        Instant now = now();
        Instant joined = joinedAt != null ? joinedAt : now;
        Sale sale = sales.current();
        if (!saleId.equals(sale.saleId())) {
            if (entries.insert(saleId, number, sessionId, EntryState.WAITING, joined, null, null)) {
                log.info("Session {} joined sale {} as number {}, which is not the sale open here ({}): it waits "
                        + "for that sale to open", sessionId, saleId, number, sale.saleId());
            } else {
                notInserted(sessionId, saleId, number);
            }
            return;
        }
        if (sale.closed()) {
            turnAway(sale, sessionId, number, joined, now);
            return;
        }
        if (!entries.insert(saleId, number, sessionId, EntryState.WAITING, joined, null, null)) {
            notInserted(sessionId, saleId, number);
            return;
        }
        counters.addWaiting(1);
        QueueCounters.Standing standing = counters.standing(saleId, number);
        facts.publish(new QueueCustomerQueued(sessionId, number, standing.position(), standing.admittedTotal(),
                etaSeconds(standing.position(), sale)));
    }

    private void turnAway(Sale sale, String sessionId, long number, Instant joined, Instant now) {
        if (entries.insert(sale.saleId(), number, sessionId, EntryState.TURNED_AWAY, joined, now, SOLD_OUT)) {
            facts.publish(new QueueClosed(sale.saleId(), SOLD_OUT, 1, now));
            counters.changed();
        } else {
            notInserted(sessionId, sale.saleId(), number);
        }
    }

    /** The session is in already (a concurrent repeat of its join: answered again), or its number is taken. */
    private void notInserted(String sessionId, String saleId, long number) {
        Optional<QueueEntry> entry = entries.find(sessionId);
        if (entry.isPresent()) {
            answerAgain(entry.get());
        } else {
            log.warn("Join number {} of sale {} belongs to another session; the join of session {} changes nothing",
                    number, saleId, sessionId);
        }
    }

    /** A repeated join gets the answer the first one got, brought up to date; nothing for another sale's entry. */
    private void answerAgain(QueueEntry entry) {
        if (!entry.saleId().equals(sales.current().saleId())) {
            log.debug("Session {} joined sale {} again, which is not the sale open here; it waits", entry.sessionId(),
                    entry.saleId());
            return;
        }
        switch (entry.state()) {
            case WAITING -> {
                QueueCounters.Standing standing = counters.standing(entry.saleId(), entry.number());
                facts.publish(new QueueCustomerQueued(entry.sessionId(), entry.number(), standing.position(),
                        standing.admittedTotal(), etaSeconds(standing.position(), sales.current())));
            }
            case ADMITTED -> facts.publish(new QueueCustomerExited(entry.sessionId(), entry.number(),
                    entry.admissionToken(), entry.tokenExpiresAt(), entry.admittedAt()));
            case TURNED_AWAY -> facts.publish(new QueueClosed(entry.saleId(), entry.finishedReason(), 1,
                    entry.finishedAt()));
            case DONE, ABANDONED -> log.info("Session {} joined again after it left the queue ({}); ignored",
                    entry.sessionId(), entry.state());
        }
    }

    /**
     * A customer leaves: a waiting one leaves the queue, an admitted one stops shopping. A leave that arrives before
     * its join takes the join's place (its sale and number): the queue does not wait for that join before admitting
     * those behind it, and the late join does not put the customer in the queue. A leave without a number (the
     * customer never joined, or a clean-up) of a session the queue does not know changes nothing.
     *
     * @param reason why, as the customer's leave said ({@code LEFT}, {@code PAGE_CLOSED} ...)
     * @param finish how an admitted customer's finish is recorded
     * @param saleId the sale the customer joined, null when unknown
     * @param number the customer's join number, null when unknown
     */
    @Transactional
    public void leave(String sessionId, String reason, FinishReason finish, String saleId, Long number) {
        lock.shareUntilCompletion();
        String why = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        Instant now = now();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<QueueEntry> found = entries.find(sessionId);
            if (found.isEmpty()) {
                if (saleId == null || number == null) {
                    log.debug("Session {} left without having joined the queue", sessionId);
                    return;
                }
                if (entries.insert(saleId, number, sessionId, EntryState.ABANDONED, now, now, why)) {
                    counters.changed();
                    log.debug("Session {} left before its join (number {} of sale {}) arrived", sessionId, number,
                            saleId);
                    return;
                }
                if (entries.find(sessionId).isEmpty()) {
                    log.warn("Join number {} of sale {} belongs to another session; the leave of session {} "
                            + "changes nothing", number, saleId, sessionId);
                    return;
                }
                continue;
            }
            QueueEntry entry = found.get();
            switch (entry.state()) {
                case WAITING -> {
                    if (entries.leaveWaiting(sessionId, why, now)) {
                        if (entry.saleId().equals(sales.current().saleId())) {
                            counters.addWaiting(-1);
                        }
                        return;
                    }
                }
                case ADMITTED -> {
                    finishAdmitted(sessionId, finish, false);
                    return;
                }
                case DONE, ABANDONED, TURNED_AWAY -> {
                    return;
                }
            }
        }
        throw new IllegalStateException("Session " + sessionId + " kept changing while it left; try again");
    }

    /** An admitted customer stops shopping, once: later and repeated finishes change nothing. */
    @Transactional
    public void finish(String sessionId, FinishReason reason) {
        lock.shareUntilCompletion();
        finishAdmitted(sessionId, reason, false);
    }

    /**
     * The tickets service turned a reservation request down. One the customer may retry keeps them shopping; a final
     * one finishes them, unless they hold a reservation already (that hold's own outcome finishes them).
     */
    @Transactional
    public void rejected(String sessionId, boolean retryable) {
        lock.shareUntilCompletion();
        if (!retryable) {
            finishAdmitted(sessionId, FinishReason.RESERVATION_REJECTED, true);
        }
    }

    /** The admitted customer holds tickets now: the expiry of their admission token no longer frees them. */
    @Transactional
    public void reserved(String sessionId) {
        lock.shareUntilCompletion();
        entries.markReserved(sessionId);
    }

    private void finishAdmitted(String sessionId, FinishReason reason, boolean onlyWithoutReservation) {
        if (entries.finish(sessionId, reason.name(), now(), onlyWithoutReservation)) {
            counters.changed();
            log.debug("Session {} finished shopping: {}", sessionId, reason);
        }
    }

    /** Where a customer stands; position and ETA only while waiting in the current sale. */
    @Transactional(readOnly = true)
    public Optional<EntryStatus> entry(String sessionId) {
        return entries.find(sessionId).map(entry -> {
            Long position = null;
            Long eta = null;
            Sale sale = sales.current();
            if (entry.state() == EntryState.WAITING && entry.saleId().equals(sale.saleId())) {
                position = counters.standing(entry.saleId(), entry.number()).position();
                eta = etaSeconds(position, sale);
            }
            return new EntryStatus(entry.sessionId(), entry.saleId(), entry.number(), entry.state(), position, eta,
                    entry.joinedAt(), entry.admittedAt(), entry.tokenExpiresAt(), entry.reserved(),
                    entry.finishedAt(), entry.finishedReason());
        });
    }

    @Transactional(readOnly = true)
    public QueueStatus status() {
        Sale sale = sales.current();
        return new QueueStatus(sale.saleId(), counters.waiting(), sale.admittedTotal(), entries.countActive(),
                sale.ratePerSecond(), sale.maxActiveShoppers(), sale.paused(), sale.closed(), sale.holdSeconds(),
                sale.ticketsAvailable());
    }

    /** Estimated wait at the admission rate, capped; -1 while admission is halted or no sale is open. */
    long etaSeconds(long position, Sale sale) {
        if (!sale.admitting()) {
            return -1;
        }
        double seconds = Math.ceil(position / sale.ratePerSecond());
        return (long) Math.min(seconds, maxEta.toSeconds());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
