package io.concertsale.gateway.shop.session;

import static io.concertsale.gateway.shop.session.Stage.ADMITTED;
import static io.concertsale.gateway.shop.session.Stage.COMPLETED;
import static io.concertsale.gateway.shop.session.Stage.NEW;
import static io.concertsale.gateway.shop.session.Stage.PAID;
import static io.concertsale.gateway.shop.session.Stage.PAYMENT_PENDING;
import static io.concertsale.gateway.shop.session.Stage.QUEUED;
import static io.concertsale.gateway.shop.session.Stage.RESERVED;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReserved;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One customer's sale session as the gateway knows it, and the rules by which commands and facts move it.
 *
 * <p>Facts arrive at least once and in any order, so every rule is idempotent and monotonic: it only ever moves the
 * session forward (the one way back is a declined payment, {@code PAYMENT_PENDING → RESERVED}), a terminal stage
 * never changes, and a fact about another reservation or an already declined payment is ignored. A rule answers
 * whether it changed anything, so the caller saves and pushes only real changes.
 *
 * <p>Instances are loaded, changed and saved inside one transaction while the row is locked; a loaded instance that
 * is handed to other threads is never changed again.
 *
 * <p>The payment part of the state, with the order's own payment rules, is a {@link SessionPayment}; what the browser
 * is shown of a session is built by {@link SessionView}.
 */
public final class Session {

    private final String id;
    private final Instant createdAt;
    private Stage stage;
    private Instant updatedAt;
    private long version;

    private Instant joinedAt;
    private String saleId;
    private Long queueNumber;
    private Long positionAtJoin;
    private Long admittedBefore;
    private Long etaAtJoin;
    private Instant admittedAt;
    private String admissionToken;
    private Instant admissionExpiresAt;

    private String reservationId;
    private String ticketType;
    private Integer quantity;
    private BigDecimal unitPrice;
    private BigDecimal amount;
    private String currency;
    private Instant reservationExpiresAt;

    private final SessionPayment payment = new SessionPayment();

    private List<IssuedTicket> tickets = List.of();

    private String exitReason;
    private String exitMessage;
    private Boolean exitRetryable;

    private List<Notification> notifications = List.of();

    public Session(String id, Stage stage, Instant createdAt, Instant updatedAt, long version) {
        this.id = Objects.requireNonNull(id);
        this.stage = Objects.requireNonNull(stage);
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A session just created. */
    public static Session create(String id, Instant now) {
        return new Session(id, NEW, now, now, 0);
    }

    // ---------------------------------------------------------------- commands of the customer

    /**
     * Joins the waiting room, taking the session's place in the sale's join order. The place is taken once: a session
     * that joins again keeps its number.
     *
     * @param numbering gives the next join number of the current sale; called only when the session really joins
     * @return true when the session just joined, false when it was already waiting (joining again is harmless)
     * @throws StageConflictException once the session is past the waiting room
     */
    public boolean join(Instant now, Supplier<JoinNumber> numbering) {
        if (stage == QUEUED) {
            return false;
        }
        if (stage != NEW) {
            throw new StageConflictException(id, stage, "join the queue");
        }
        JoinNumber place = numbering.get();
        stage = QUEUED;
        joinedAt = now;
        saleId = place.saleId();
        queueNumber = place.number();
        return true;
    }

    /** Leaves the sale: the customer pressed the button or closed the page. */
    public void leave(String reason, String message) {
        if (!Stage.LEAVABLE.contains(stage)) {
            throw new StageConflictException(id, stage, "leave");
        }
        exit(Stage.ABANDONED, reason, message, false);
    }

    /** Checks that tickets may be requested and forgets the previous (retryable) rejection. */
    public void requestTickets() {
        if (stage != ADMITTED) {
            throw new StageConflictException(id, stage, "reserve tickets");
        }
        clearExit();
    }

    /** Checks that the customer may pay now with that method. */
    public void checkPayable(PaymentMethod method) {
        if (stage != RESERVED) {
            throw new StageConflictException(id, stage, "pay");
        }
        payment.checkMethod(id, method);
    }

    /** Starts a payment attempt: {@code RESERVED → PAYMENT_PENDING}. */
    public void startPayment(PaymentMethod method, String brand, String last4) {
        checkPayable(method);
        stage = PAYMENT_PENDING;
        payment.start(method, brand, last4);
    }

    // ---------------------------------------------------------------- facts from the other services

    /**
     * {@code Queue.CustomerQueued}: the waiting room took the customer in. The first answer gives the position the
     * session follows from then on; the join number stays the one the gateway gave.
     */
    public boolean queued(QueueCustomerQueued fact) {
        if (stage.terminal() || positionAtJoin != null) {
            return false;
        }
        if (queueNumber == null) {
            queueNumber = fact.number();
        }
        positionAtJoin = fact.position();
        admittedBefore = fact.admittedBefore();
        etaAtJoin = fact.etaSeconds();
        if (stage == NEW) {
            stage = QUEUED;
        }
        return true;
    }

    /** {@code Queue.CustomerExited}: the customer's turn came. */
    public boolean admitted(QueueCustomerExited fact) {
        if (stage.in(NEW, QUEUED)) {
            stage = ADMITTED;
        } else if (stage != ADMITTED || Objects.equals(admissionToken, fact.admissionToken())) {
            return false;
        }
        if (queueNumber == null) {
            queueNumber = fact.number();
        }
        admittedAt = fact.admittedAt();
        admissionToken = fact.admissionToken();
        admissionExpiresAt = fact.tokenExpiresAt();
        return true;
    }

    /** {@code Tickets.Reserved}: tickets are held until {@code expiresAt}. */
    public boolean reserved(TicketsReserved fact) {
        if (!stage.in(NEW, QUEUED, ADMITTED)) {
            return false;
        }
        stage = RESERVED;
        reservationId = fact.reservationId();
        ticketType = fact.ticketType();
        quantity = fact.quantity();
        unitPrice = fact.unitPrice();
        amount = fact.amount();
        currency = fact.currency();
        reservationExpiresAt = fact.expiresAt();
        clearExit();
        return true;
    }

    /**
     * {@code Tickets.ReservationRejected}: a retryable rejection leaves the customer admitted, a final one ends the
     * sale.
     */
    public boolean reservationRejected(TicketsReservationRejected fact) {
        if (!stage.in(NEW, QUEUED, ADMITTED)) {
            return false;
        }
        if (fact.retryable()) {
            if (Objects.equals(exitReason, fact.reason()) && Objects.equals(exitMessage, fact.message())) {
                return false;
            }
            exitReason = fact.reason();
            exitMessage = fact.message();
            exitRetryable = true;
            return true;
        }
        exit(Stage.REJECTED, fact.reason(), fact.message(), false);
        return true;
    }

    /** {@code Tickets.PaymentPending}: the provider took the payment. */
    public boolean paymentPending(TicketsPaymentPending fact) {
        if (!stage.in(RESERVED, PAYMENT_PENDING) || !isCurrent(fact.reservationId(), fact.paymentId())
                || (stage == PAYMENT_PENDING && payment.isPending(fact.paymentId()))) {
            return false;
        }
        payment.pending(fact, stage == RESERVED);
        stage = PAYMENT_PENDING;
        return true;
    }

    /** {@code Tickets.PaymentAuthorized}: the sale is paid. */
    public boolean paymentAuthorized(TicketsPaymentAuthorized fact) {
        if (!stage.in(RESERVED, PAYMENT_PENDING) || !isCurrent(fact.reservationId(), fact.paymentId())) {
            return false;
        }
        stage = PAID;
        payment.authorized(fact);
        return true;
    }

    /** {@code Tickets.PaymentDeclined}: back to {@code RESERVED}; the customer may pay again until the hold ends. */
    public boolean paymentDeclined(TicketsPaymentDeclined fact) {
        if (stage != PAYMENT_PENDING || !isCurrent(fact.reservationId(), fact.paymentId())
                || payment.isOtherThan(fact.paymentId())) {
            return false;
        }
        stage = RESERVED;
        payment.declined(fact);
        if (fact.holdExpiresAt() != null) {
            reservationExpiresAt = fact.holdExpiresAt();
        }
        return true;
    }

    /** {@code Tickets.Issued} (or {@code Tickets.Emitted}): the sale is final and these are the tickets. */
    public boolean issued(String forReservation, List<IssuedTicket> issued) {
        if (!isCurrentReservation(forReservation)) {
            return false;
        }
        if (stage.in(RESERVED, PAYMENT_PENDING, PAID)) {
            stage = COMPLETED;
            payment.settled();
            tickets = List.copyOf(issued);
            return true;
        }
        if (stage == COMPLETED && tickets.isEmpty() && !issued.isEmpty()) {
            tickets = List.copyOf(issued);
            return true;
        }
        return false;
    }

    /**
     * {@code Tickets.ReservationExpired} or {@code Tickets.ReservationTimedOut}: the hold is gone. Applies to a
     * session that has not paid yet, including one whose reservation event has not arrived yet.
     */
    public boolean expired(String forReservation, String reason) {
        if (!stage.in(NEW, QUEUED, ADMITTED, RESERVED, PAYMENT_PENDING) || !isCurrentReservation(forReservation)) {
            return false;
        }
        exit(Stage.EXPIRED, reason, "Your reservation expired and the tickets went back on sale.", false);
        return true;
    }

    /** {@code Payments.MoneyTransferRequested}: this order must be paid by money transfer. */
    public boolean requirePaymentMethod(PaymentMethod method) {
        return !stage.terminal() && payment.require(method);
    }

    /** The session ends: idle for too long. */
    public void expireIdle(String message) {
        exit(Stage.ABANDONED, "SESSION_EXPIRED", message, false);
    }

    private boolean isCurrent(String forReservation, String forPayment) {
        return isCurrentReservation(forReservation) && !payment.wasDeclined(forPayment);
    }

    private boolean isCurrentReservation(String forReservation) {
        return reservationId == null || forReservation == null || reservationId.equals(forReservation);
    }

    private void exit(Stage to, String reason, String message, boolean retryable) {
        stage = to;
        exitReason = reason;
        exitMessage = message;
        exitRetryable = retryable;
    }

    private void clearExit() {
        exitReason = null;
        exitMessage = null;
        exitRetryable = null;
    }

    // ---------------------------------------------------------------- state, for the store and the views

    public String id() {
        return id;
    }

    public Stage stage() {
        return stage;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    /** Marks the state as saved: the store increments the version with every update. */
    public void saved(Instant at) {
        updatedAt = at;
        version++;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    /** The sale whose waiting room the session joined; null before it joined. */
    public String saleId() {
        return saleId;
    }

    /** The session's place in its sale's join order, given by the gateway when it joined; null before. */
    public Long queueNumber() {
        return queueNumber;
    }

    public Long positionAtJoin() {
        return positionAtJoin;
    }

    public Long admittedBefore() {
        return admittedBefore;
    }

    public Long etaAtJoin() {
        return etaAtJoin;
    }

    public Instant admittedAt() {
        return admittedAt;
    }

    /** The signed admission token: goes into {@code Tickets.Requested}, never to the browser. */
    public String admissionToken() {
        return admissionToken;
    }

    public Instant admissionExpiresAt() {
        return admissionExpiresAt;
    }

    public String reservationId() {
        return reservationId;
    }

    public String ticketType() {
        return ticketType;
    }

    public Integer quantity() {
        return quantity;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public Instant reservationExpiresAt() {
        return reservationExpiresAt;
    }

    public PaymentStatus paymentStatus() {
        return payment.status();
    }

    public PaymentMethod paymentMethod() {
        return payment.method();
    }

    public String paymentId() {
        return payment.paymentId();
    }

    public String declineReason() {
        return payment.declineReason();
    }

    public int paymentAttempts() {
        return payment.attempts();
    }

    public Set<String> declinedPayments() {
        return payment.declinedPayments();
    }

    public PaymentMethod requiredPaymentMethod() {
        return payment.requiredMethod();
    }

    public String cardBrand() {
        return payment.cardBrand();
    }

    public String cardLast4() {
        return payment.cardLast4();
    }

    public MoneyTransferInstructions moneyTransfer() {
        return payment.moneyTransfer();
    }

    public List<IssuedTicket> tickets() {
        return tickets;
    }

    public String exitReason() {
        return exitReason;
    }

    public String exitMessage() {
        return exitMessage;
    }

    public Boolean exitRetryable() {
        return exitRetryable;
    }

    public List<Notification> notifications() {
        return notifications;
    }

    // ---------------------------------------------------------------- restoring from the store

    /** Restores the waiting-room part. */
    public Session withQueue(Instant joinedAt, String saleId, Long number, Long positionAtJoin, Long admittedBefore,
            Long etaAtJoin, Instant admittedAt, String admissionToken, Instant admissionExpiresAt) {
        this.joinedAt = joinedAt;
        this.saleId = saleId;
        this.queueNumber = number;
        this.positionAtJoin = positionAtJoin;
        this.admittedBefore = admittedBefore;
        this.etaAtJoin = etaAtJoin;
        this.admittedAt = admittedAt;
        this.admissionToken = admissionToken;
        this.admissionExpiresAt = admissionExpiresAt;
        return this;
    }

    /** Restores the reservation part. */
    public Session withReservation(String reservationId, String ticketType, Integer quantity, BigDecimal unitPrice,
            BigDecimal amount, String currency, Instant expiresAt) {
        this.reservationId = reservationId;
        this.ticketType = ticketType;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.amount = amount;
        this.currency = currency;
        this.reservationExpiresAt = expiresAt;
        return this;
    }

    /** Restores the payment part. */
    public Session withPayment(PaymentStatus status, PaymentMethod method, String paymentId, String declineReason,
            int attempts, Set<String> declined, PaymentMethod requiredMethod, String cardBrand, String cardLast4,
            MoneyTransferInstructions moneyTransfer) {
        payment.restore(status, method, paymentId, declineReason, attempts, declined, requiredMethod, cardBrand,
                cardLast4, moneyTransfer);
        return this;
    }

    /** Restores the issued tickets and the exit. */
    public Session withOutcome(List<IssuedTicket> tickets, String exitReason, String exitMessage,
            Boolean exitRetryable) {
        this.tickets = List.copyOf(tickets);
        this.exitReason = exitReason;
        this.exitMessage = exitMessage;
        this.exitRetryable = exitRetryable;
        return this;
    }

    /** Restores the latest notifications, oldest first. */
    public Session withNotifications(List<Notification> notifications) {
        this.notifications = List.copyOf(notifications);
        return this;
    }
}
