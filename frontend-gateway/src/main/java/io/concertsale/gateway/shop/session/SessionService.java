package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.QueueCustomerJoined;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.eventkit.jdbc.GroupCommit;
import io.concertsale.gateway.config.GatewayProperties;
import io.concertsale.gateway.sale.Sale;
import io.concertsale.gateway.sale.SaleNotOpenException;
import io.concertsale.gateway.sale.SaleReset;
import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.sale.SaleStatus;
import io.concertsale.gateway.shop.payment.CardToken;
import io.concertsale.gateway.shop.payment.CardTokenizer;
import io.concertsale.gateway.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer's sale sessions: the commands of the browser API and the facts the other services report. Every
 * change happens in one transaction with the session row locked and the events it emits (through the outbox), and
 * announces a {@link SessionChanged} so the browser gets the new state after commit.
 * <p>
 * Joins and new sessions come in storms when a sale opens; those that arrive while the previous ones commit share the
 * next transaction ({@link GroupCommit}, {@code gateway.sessions.commit-batch}): one commit for a few hundred fans,
 * each of whom still gets the answer only after that commit.
 */
@Service
public class SessionService implements SmartLifecycle {

    public static final String LEFT = "LEFT";
    public static final String SESSION_EXPIRED = "SESSION_EXPIRED";

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final SessionStore sessions;
    private final JoinNumbers joinNumbers;
    private final SaleService sales;
    private final CardTokenizer cards;
    private final SessionFacts facts;
    private final TransactionTemplate transactions;
    private final SaleLock lock;
    private final ApplicationEventPublisher listeners;
    private final FollowPolicy follow;
    private final Duration touchGranularity;
    private final Clock clock;
    private final GroupCommit<String, Void> joins;
    private final GroupCommit<Session, Void> creations;
    /** Sessions active since their activity was last written ({@link #writeActivity()}). */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public SessionService(SessionStore sessions, JoinNumbers joinNumbers, SaleService sales, CardTokenizer cards,
            SessionFacts facts, TransactionTemplate transactions, SaleLock lock, ApplicationEventPublisher listeners,
            FollowPolicy follow, GatewayProperties properties, Clock clock) {
        this.sessions = sessions;
        this.joinNumbers = joinNumbers;
        this.sales = sales;
        this.cards = cards;
        this.facts = facts;
        this.transactions = transactions;
        this.lock = lock;
        this.listeners = listeners;
        this.follow = follow;
        this.touchGranularity = properties.sessions().activityGranularity();
        this.clock = clock;
        int batch = properties.sessions().commitBatch();
        // one committer: joins take their numbers from one counter row, so batches commit one after the other
        this.joins = new GroupCommit<>("session-joins", transactions, this::joinNow, batch, 1, size -> { });
        this.creations = new GroupCommit<>("session-creations", transactions, this::insert, batch, 1, size -> { });
    }

    @Override
    public void start() {
        joins.start();
        creations.start();
    }

    @Override
    public void stop() {
        joins.stop();
        creations.stop();
        writeActivity();
    }

    @Override
    public boolean isRunning() {
        return joins.isRunning();
    }

    // ---------------------------------------------------------------- the browser's commands

    /** A new session, {@code NEW}, with a random id that is the customer's correlation key from now on. */
    public SessionView create() {
        Session session = Session.create(UUID.randomUUID().toString(), clock.instant());
        creations.submit(session);
        return SessionView.of(session, sales.progress(), follow);
    }

    private Void insert(Session session) {
        sessions.insert(session);
        return null;
    }

    /**
     * The session as the browser sees it; counts as customer activity, so a page that polls (far back in the queue,
     * see {@link FollowPolicy}) keeps its session alive as an open WebSocket does.
     */
    public SessionView view(String id) {
        Session session = sessions.find(id).orElseThrow(() -> new SessionNotFoundException(id));
        touch(id);
        return SessionView.of(session, sales.progress(), follow);
    }

    /** The session without counting as activity (pushes). */
    public Optional<Session> find(String id) {
        return sessions.find(id);
    }

    /**
     * One of the session's issued tickets.
     *
     * @throws SessionNotFoundException for an unknown session
     * @throws TicketNotFoundException when the session has no ticket with that code
     */
    public IssuedTicket ticket(String id, String code) {
        Session session = sessions.find(id).orElseThrow(() -> new SessionNotFoundException(id));
        return session.tickets().stream().filter(ticket -> ticket.code().equals(code)).findFirst()
                .orElseThrow(() -> new TicketNotFoundException(id));
    }

    /**
     * Joins the waiting room of the current sale, taking the sale's next join number in the transaction that records
     * the join and writes {@code Queue.CustomerJoined} (with the number) to the outbox: the number is the fan's place
     * in line, and the 202 that follows the commit means every later join gets a higher one. Joining again while
     * waiting keeps the number and emits {@code Queue.CustomerJoined} again, harmlessly.
     */
    public void join(String id) {
        joins.submit(id);
    }

    /** The join, in a transaction that the joins arriving with it share. */
    private Void joinNow(String id) {
        lock.shareUntilCompletion();
        Session session = lock(id);
        recordActivity(id);
        boolean joined = session.join(clock.instant(), () -> {
            String saleId = sales.requireOpen().saleId();
            return new JoinNumber(saleId, joinNumbers.next(saleId));
        });
        if (joined) {
            save(session);
        }
        facts.publish(new QueueCustomerJoined(id, session.joinedAt(), session.saleId(), session.queueNumber()));
        return null;
    }

    /** Leaves the sale at any stage before it is paid. */
    public void leave(String id) {
        transactions.executeWithoutResult(status -> {
            Session session = lock(id);
            session.leave(LEFT, "You left the sale.");
            save(session);
            facts.publish(abandoned(session, LEFT));
            recordActivity(id);
        });
    }

    /** Asks for tickets with the admission token the waiting room gave the customer. */
    public void requestTickets(String id, String ticketType, int quantity) {
        transactions.executeWithoutResult(status -> {
            Session session = lock(id);
            Sale sale = sales.current()
                    .orElseThrow(() -> new SaleNotOpenException(SaleStatus.NOT_OPEN, "No sale is open"));
            if (sale.ticketType(ticketType).isEmpty()) {
                throw new InvalidRequestException(Map.of("ticketType", "unknown ticket type; this sale offers "
                        + sale.ticketTypes().stream().map(type -> type.type()).toList()));
            }
            if (quantity < 1 || quantity > sale.maxTicketsPerCustomer()) {
                throw new InvalidRequestException(Map.of("quantity",
                        "must be between 1 and " + sale.maxTicketsPerCustomer()));
            }
            boolean hadRejection = session.exitReason() != null;
            session.requestTickets();
            if (hadRejection) {
                save(session);
            }
            facts.publish(new TicketsRequested(id, ticketType, quantity, session.admissionToken()));
            recordActivity(id);
        });
    }

    /**
     * Pays the reservation. A card is tokenized at the payment provider first, outside any transaction; only the
     * token goes into {@code Tickets.PaymentRequested}.
     */
    public void pay(String id, PaymentOrder order) {
        Session current = sessions.find(id).orElseThrow(() -> new SessionNotFoundException(id));
        current.checkPayable(order.method());
        CardToken token = order.method() == PaymentMethod.CARD ? cards.tokenize(order.card(),
                current.reservationId()) : null;
        transactions.executeWithoutResult(status -> {
            Session session = lock(id);
            session.startPayment(order.method(), token == null ? null : token.brand(),
                    token == null ? null : token.last4());
            save(session);
            facts.publish(new TicketsPaymentRequested(id, session.reservationId(), order.method(),
                    token == null ? null : token.token()));
            recordActivity(id);
        });
        log.debug("Session {} asked to pay reservation {} by {}", id, current.reservationId(), order.method());
    }

    // ---------------------------------------------------------------- facts

    /**
     * Applies a fact to a session in the caller's transaction (the event's). A fact about an unknown session (one
     * cleared by a sale reset) is ignored.
     */
    public void apply(String id, String fact, Predicate<Session> rule) {
        transactions.executeWithoutResult(status -> {
            lock.shareUntilCompletion();
            Optional<Session> found = sessions.lock(id);
            if (found.isEmpty()) {
                log.debug("Ignored {} for unknown session {}", fact, id);
                return;
            }
            Session session = found.get();
            if (rule.test(session)) {
                save(session);
            } else {
                log.debug("{} changed nothing for session {} ({})", fact, id, session.stage());
            }
        });
    }

    /**
     * Adds a message for the customer's browser.
     *
     * @param once true to add it only if the session has none of that kind yet (the same fact may arrive twice)
     */
    public void notify(String id, FanMessages.Notice notice) {
        notify(id, notice.kind(), notice.message(), notice.once());
    }

    public void notify(String id, String kind, String message, boolean once) {
        transactions.executeWithoutResult(status -> {
            lock.shareUntilCompletion();
            Optional<Session> found = sessions.lock(id);
            if (found.isEmpty() || (once && sessions.hasNotification(id, kind))) {
                return;
            }
            sessions.addNotification(id, new Notification(kind, message, clock.instant()));
            save(found.get());
        });
    }

    /** Sends every waiting session away, in one statement ({@code Queue.Closed}). */
    public int rejectQueued(String reason, String message) {
        Integer rejected = transactions.execute(status -> {
            lock.shareUntilCompletion();
            int count = sessions.rejectQueued(reason, message, clock.instant());
            if (count > 0) {
                listeners.publishEvent(SessionChanged.all());
            }
            return count;
        });
        return rejected == null ? 0 : rejected;
    }

    /** Abandons the session if it is still idle since before the cutoff. */
    public boolean abandonIfIdle(String id, Instant cutoff) {
        Boolean abandoned = transactions.execute(status -> {
            Optional<Session> found = sessions.lock(id);
            Optional<Instant> lastSeen = sessions.lastSeen(id);
            if (found.isEmpty() || lastSeen.isEmpty() || !lastSeen.get().isBefore(cutoff)
                    || !Stage.EXPIRES_WHEN_IDLE.contains(found.get().stage())) {
                return false;
            }
            Session session = found.get();
            session.expireIdle("Your session expired after a period of inactivity.");
            save(session);
            facts.publish(abandoned(session, SESSION_EXPIRED));
            return true;
        });
        return Boolean.TRUE.equals(abandoned);
    }

    /**
     * Customer activity: an API request (a poll too) or an open WebSocket. It is noted in memory and written with
     * every other session's by {@link #writeActivity()}, every {@code gateway.sessions.activity-write-interval}: 100,000
     * waiting fans poll some 800 times a second, and one transaction each was as many commits. It is bookkeeping
     * for the idle check, whose timeout is minutes long: activity noted but not yet written when the gateway dies
     * is seen again at the fan's next request.
     */
    public void touch(String id) {
        active.add(id);
    }

    /**
     * Writes the activity noted since the last call, in one transaction, at most once per
     * {@link GatewayProperties.Sessions#activityGranularity()} for each session. It never waits for a session's row
     * (the transaction of an event may hold it) and never fails: a row found locked, or a write that fails, is left
     * out, and the next request or the socket records activity again. One write at a time: when it returns, all
     * activity noted before the call has been written or left out.
     *
     * @return how many sessions it looked at
     */
    public synchronized int writeActivity() {
        if (active.isEmpty()) {
            return 0;
        }
        List<String> ids = new ArrayList<>();
        for (Iterator<String> noted = active.iterator(); noted.hasNext(); ) {
            ids.add(noted.next());
            noted.remove();
        }
        Instant now = clock.instant();
        try {
            sessions.touchAll(ids, now, now.minus(touchGranularity));
        } catch (DataAccessException | TransactionException e) {
            log.debug("Activity of {} sessions not recorded: {}", ids.size(), e.toString());
        }
        return ids.size();
    }

    /** The current version of each of these sessions that still exists. */
    public Map<String, Long> versions(Collection<String> ids) {
        return sessions.versions(ids);
    }

    public Map<Stage, Long> countByStage() {
        return sessions.countByStage();
    }

    /**
     * A new sale starts without the previous sale's sessions and numbers its joins from 1 (in the transaction that
     * opens it).
     */
    @EventListener
    void saleReset(SaleReset reset) {
        sessions.deleteAll();
        joinNumbers.start(reset.saleId());
        log.info("Cleared every session for the new sale {}", reset.saleId());
    }

    /** The leave, with the session's sale and join number once it joined, so the queue can fill that place. */
    private QueueCustomerAbandoned abandoned(Session session, String reason) {
        return new QueueCustomerAbandoned(session.id(), reason, clock.instant(), session.saleId(),
                session.queueNumber());
    }

    /** Customer activity, in a command's transaction, which holds the session's row already. */
    private void recordActivity(String id) {
        Instant now = clock.instant();
        sessions.touch(id, now, now.minus(touchGranularity));
    }

    private Session lock(String id) {
        return sessions.lock(id).orElseThrow(() -> new SessionNotFoundException(id));
    }

    private void save(Session session) {
        sessions.update(session, clock.instant());
        listeners.publishEvent(new SessionChanged(session.id()));
    }
}
