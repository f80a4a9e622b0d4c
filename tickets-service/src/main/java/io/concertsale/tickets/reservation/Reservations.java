package io.concertsale.tickets.reservation;

import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.config.TicketsProperties;
import io.concertsale.tickets.inventory.Inventory;
import io.concertsale.tickets.inventory.Sale;
import io.concertsale.tickets.inventory.TicketType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds tickets for customers and ends the holds: every hold ends at most once, and only an ended hold gives its
 * tickets back, in the same transaction as its status change.
 */
@Service
public class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    /** Tries to take tickets that a concurrent release made available again before giving up. */
    private static final int TAKE_ATTEMPTS = 3;

    private final ReservationStore store;
    private final Inventory inventory;
    private final AdmissionTokens tokens;
    private final TicketsFacts facts;
    private final Clock clock;
    private final Duration paymentGrace;
    private final AdmissionTokenUses tokenUses;

    public Reservations(ReservationStore store, Inventory inventory, AdmissionTokens tokens, TicketsFacts facts,
            Clock clock, TicketsProperties properties, AdmissionTokenUses tokenUses) {
        this.store = store;
        this.tokenUses = tokenUses;
        this.inventory = inventory;
        this.tokens = tokens;
        this.facts = facts;
        this.clock = clock;
        this.paymentGrace = properties.paymentGrace();
    }

    /**
     * Holds the tickets asked for, or says why not. A session that already holds (or bought) tickets in this sale
     * gets its reservation again as the answer: a request repeated under another event id never holds twice, and
     * never costs the customer the hold they have.
     *
     * <p>The admission token must be valid for the session and for the open sale ({@link AdmissionTokens}), and used
     * once: the reservation that takes its tickets uses it (recorded in the same transaction, in the database, so a
     * restart does not forget). A request turned down (sold out, over the limit, unknown type) does not use it, nor
     * does a repeated request answered with the session's reservation; a used token is rejected as
     * {@code INVALID_TOKEN} ({@code USED}).
     */
    @Transactional
    public void request(ReservationRequest request) {
        Instant now = clock.instant();
        Optional<Sale> open = inventory.currentSale();
        if (open.isEmpty()) {
            reject(request, Rejection.saleClosed());
            return;
        }
        Sale sale = open.get();
        Optional<Reservation> existing = store.findActive(sale.id(), request.sessionId());
        if (existing.isPresent()) {
            answerAgain(existing.get());
            return;
        }
        Optional<TicketType> type = inventory.type(sale.id(), request.ticketType());
        AdmissionTokens.Verdict verdict = tokens.verify(request.admissionToken(), request.sessionId(), sale.id(), now);
        if (verdict.valid() && tokenUses.used(request.admissionToken())) {
            verdict = AdmissionTokens.Verdict.USED;
        }
        if (!verdict.valid()) {
            reject(request, Rejection.invalidToken(verdict.name(), type.map(TicketType::available).orElse(0)));
            return;
        }
        if (type.isEmpty()) {
            reject(request, Rejection.unknownType(request.ticketType()));
            return;
        }
        if (request.quantity() > sale.maxTicketsPerCustomer()) {
            reject(request, Rejection.overLimit(request.quantity(), sale.maxTicketsPerCustomer(),
                    type.get().available()));
            return;
        }
        Reservation hold = Reservation.hold(UUID.randomUUID().toString(), sale, type.get(), request.sessionId(),
                request.quantity(), now);
        if (!store.insertHeld(hold)) {
            answerAgain(store.findActive(sale.id(), request.sessionId()).orElseThrow(() -> new IllegalStateException(
                    "Session " + request.sessionId() + " was reserving concurrently; try again")));
            return;
        }
        take(sale, hold, request);
    }

    private void take(Sale sale, Reservation hold, ReservationRequest request) {
        for (int attempt = 1; attempt <= TAKE_ATTEMPTS; attempt++) {
            if (inventory.take(sale.id(), hold.ticketType(), hold.quantity())) {
                if (!tokenUses.use(request.admissionToken(), sale.id(), hold.sessionId(), hold.id(), hold.createdAt())) {
                    throw new IllegalStateException("The admission token of session " + hold.sessionId()
                            + " made another reservation at the same time; try again");
                }
                log.debug("Reservation {} holds {} x {} for session {} until {}", hold.id(), hold.quantity(),
                        hold.ticketType(), hold.sessionId(), hold.expiresAt());
                facts.publish(hold.reserved());
                return;
            }
            TicketType type = inventory.type(sale.id(), hold.ticketType()).orElseThrow();
            if (type.available() < hold.quantity()) {
                store.delete(hold.id());
                reject(request, Rejection.shortfall(type, hold.quantity(), inventory.types(sale.id())));
                return;
            }
        }
        throw new IllegalStateException("Tickets of " + hold.ticketType() + " kept changing hands; try again");
    }

    private void answerAgain(Reservation existing) {
        log.info("Session {} already has reservation {} ({}); answering with it again", existing.sessionId(),
                existing.id(), existing.status());
        facts.publish(existing.reserved());
    }

    private void reject(ReservationRequest request, Rejection rejection) {
        log.debug("No tickets for session {}: {} ({})", request.sessionId(), rejection.reason(), rejection.message());
        facts.publish(rejection.event(request));
    }

    /**
     * The process timed the reservation out: it ends as expired, unless it ended or was paid already. Without a
     * reservation id, the session's current hold is meant.
     */
    @Transactional
    public void timeOut(String sessionId, String reservationId) {
        Optional<Reservation> reservation = reservationId != null ? store.find(reservationId) : active(sessionId);
        if (reservation.isEmpty() || !reservation.get().sessionId().equals(sessionId)) {
            log.info("Session {} has no reservation {} to time out", sessionId,
                    reservationId == null ? "" : reservationId);
            return;
        }
        end(reservation.get(), Ending.TIMED_OUT);
    }

    /** The customer left or was cleaned up: their unpaid hold is released. Paid tickets stay theirs. */
    @Transactional
    public void release(String sessionId, Ending ending) {
        Optional<Reservation> reservation = active(sessionId);
        if (reservation.isEmpty()) {
            log.debug("Session {} holds nothing to release ({})", sessionId, ending);
            return;
        }
        end(reservation.get(), ending);
    }

    /**
     * Expires the hold if it ran out: {@code HELD} past its expiry, or {@code PAYMENT_PENDING} past its expiry plus
     * the payment grace.
     *
     * @return true when this call expired it
     */
    @Transactional
    public boolean expireIfDue(String reservationId) {
        Instant now = clock.instant();
        Optional<Reservation> reservation = store.find(reservationId);
        if (reservation.isEmpty() || !store.expireIfDue(reservationId, now, now.minus(paymentGrace))) {
            return false;
        }
        ended(reservation.get(), Ending.HOLD_EXPIRED);
        return true;
    }

    private void end(Reservation reservation, Ending ending) {
        if (!store.end(reservation.id(), ReservationStatus.LIVE, ending, clock.instant())) {
            log.info("Reservation {} of session {} is no longer held ({} now); {} changes nothing", reservation.id(),
                    reservation.sessionId(), store.find(reservation.id()).map(Reservation::status).orElse(null),
                    ending);
            return;
        }
        ended(reservation, ending);
    }

    private void ended(Reservation reservation, Ending ending) {
        inventory.giveBack(reservation.saleId(), reservation.ticketType(), reservation.quantity());
        log.info("Reservation {} of session {} ended ({}): {} x {} available again", reservation.id(),
                reservation.sessionId(), ending, reservation.quantity(), reservation.ticketType());
        switch (ending) {
            case HOLD_EXPIRED, TIMED_OUT -> facts.publish(new TicketsReservationExpired(reservation.sessionId(),
                    reservation.id(), reservation.ticketType(), reservation.quantity(), ending.name()));
            case ABANDONED, CLEAN_UP -> facts.publish(new TicketsReservationReleased(reservation.sessionId(),
                    reservation.id(), reservation.ticketType(), reservation.quantity(), ending.name()));
        }
    }

    private Optional<Reservation> active(String sessionId) {
        return inventory.currentSale().flatMap(sale -> store.findActive(sale.id(), sessionId));
    }

    public Optional<Reservation> find(String reservationId) {
        return store.find(reservationId);
    }

    /** Reads the reservation and locks it until the transaction ends: changes to it wait. */
    public Optional<Reservation> lock(String reservationId) {
        return store.lock(reservationId);
    }

    /**
     * A payment is under way: {@code HELD} (or already {@code PAYMENT_PENDING}) becomes {@code PAYMENT_PENDING}.
     *
     * @return false when the hold ended or was paid meanwhile
     */
    public boolean paymentStarted(String reservationId) {
        return store.transition(reservationId, ReservationStatus.LIVE, ReservationStatus.PAYMENT_PENDING);
    }

    /**
     * A payment failed: {@code PAYMENT_PENDING} goes back to {@code HELD}, so the customer may pay again until
     * the hold expires.
     *
     * @return false when the reservation was not waiting for a payment
     */
    public boolean paymentFailed(String reservationId) {
        return store.transition(reservationId, EnumSet.of(ReservationStatus.PAYMENT_PENDING), ReservationStatus.HELD);
    }

    /**
     * The reservation is paid: its tickets are sold. Only a hold that has not ended can be paid, and only once.
     *
     * @return false when it ended or was paid before
     */
    public boolean paid(Reservation reservation) {
        if (!store.transition(reservation.id(), ReservationStatus.LIVE, ReservationStatus.PAID)) {
            return false;
        }
        inventory.sell(reservation.saleId(), reservation.ticketType(), reservation.quantity());
        return true;
    }

    /**
     * The paid reservation's tickets are issued, once.
     *
     * @return false when they were issued before
     */
    public boolean issued(String reservationId) {
        return store.transition(reservationId, EnumSet.of(ReservationStatus.PAID), ReservationStatus.ISSUED);
    }
}
