package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.inventory.Inventory;
import io.concertsale.tickets.inventory.TicketType;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.ReservationStatus;
import io.concertsale.tickets.reservation.Reservations;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checkout, in two steps that never wait for the provider inside a transaction. First the checkout is recorded for
 * the amount the reservation computed, and the reservation becomes {@code PAYMENT_PENDING} (so it keeps the payment
 * grace, and no second payment starts). Then, once {@link ProviderCalls} asked the provider outside any
 * transaction, the provider's answer is recorded here in a short transaction that locks the reservation: the
 * provider's events about the payment and an expiry or a release of the reservation take their turn around it, so
 * each of them finds the payment either not yet recorded (and says so on the checkout) or recorded.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    private final Reservations reservations;
    private final Inventory inventory;
    private final CheckoutStore checkouts;
    private final PaymentStore store;
    private final PaymentOutcomes outcomes;
    private final Cancellations cancellations;
    private final TicketsFacts facts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Payments(Reservations reservations, Inventory inventory, CheckoutStore checkouts, PaymentStore store,
            PaymentOutcomes outcomes, Cancellations cancellations, TicketsFacts facts, ApplicationEventPublisher events,
            Clock clock) {
        this.reservations = reservations;
        this.inventory = inventory;
        this.checkouts = checkouts;
        this.store = store;
        this.outcomes = outcomes;
        this.cancellations = cancellations;
        this.facts = facts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records the checkout; its payment is created at the provider once this transaction committed. A request for
     * a reservation that is not held (any more), not the session's, or with a payment under way already changes
     * nothing: the customer sees the state they are in.
     */
    @Transactional
    public void request(PaymentRequest request) {
        Optional<Reservation> locked = reservations.lock(request.reservationId());
        if (locked.isEmpty()) {
            log.info("Payment request {} names no reservation of this sale ({}); ignored", request.requestId(),
                    request.reservationId());
            return;
        }
        Reservation reservation = locked.get();
        Instant now = clock.instant();
        if (!reservation.sessionId().equals(request.sessionId())) {
            log.warn("Payment request {} of session {} names reservation {} of another session; ignored",
                    request.requestId(), request.sessionId(), reservation.id());
            return;
        }
        if (!reservation.status().live() || !now.isBefore(reservation.expiresAt())) {
            log.info("Reservation {} is {} (hold until {}); payment request {} ignored", reservation.id(),
                    reservation.status(), reservation.expiresAt(), request.requestId());
            return;
        }
        if (store.hasPending(reservation.id()) || checkouts.creating(reservation.id()).isPresent()) {
            log.info("A payment for reservation {} is under way already; payment request {} ignored",
                    reservation.id(), request.requestId());
            return;
        }
        if (request.method() == PaymentMethod.CARD && (request.cardToken() == null || request.cardToken().isBlank())) {
            facts.publish(new TicketsPaymentDeclined(reservation.sessionId(), reservation.id(), null,
                    "A card payment needs a card token", reservation.expiresAt()));
            return;
        }
        Checkout checkout = new Checkout(request.requestId(), reservation.id(), reservation.sessionId(),
                request.method(), request.method() == PaymentMethod.CARD ? request.cardToken() : null,
                reservation.amount(), reservation.currency(), description(reservation), CheckoutStatus.CREATING, null,
                0, now, null, null, null, now);
        if (!checkouts.insert(checkout)) {
            log.info("Checkout {} of reservation {} was recorded before", checkout.id(), reservation.id());
            return;
        }
        if (!reservations.paymentStarted(reservation.id())) {
            throw new IllegalStateException("Reservation " + reservation.id() + " changed while locked");
        }
        log.info("Checkout {} ({}) of {} {} recorded for reservation {}; the payment is created at the provider next",
                checkout.id(), checkout.method(), checkout.amount(), checkout.currency(), reservation.id());
        events.publishEvent(new ProviderWork.Creation(checkout.id()));
    }

    /**
     * Gives up a checkout whose hold ended before the provider was ever asked: nothing exists at the provider, so
     * nothing is left to do.
     *
     * @return true when it was given up; false when the hold is still live, or the provider may have been asked
     */
    public boolean abandonIfHoldEnded(Checkout checkout) {
        if (checkout.attempts() > 0) {
            return false;
        }
        Optional<ReservationStatus> status = reservations.find(checkout.reservationId()).map(Reservation::status);
        if (status.isPresent() && status.get().live()) {
            return false;
        }
        if (!checkouts.abandonUnasked(checkout.id(), clock.instant())) {
            return false;
        }
        log.info("Checkout {} is given up: reservation {} is {} and the provider was never asked", checkout.id(),
                checkout.reservationId(), status.map(Enum::name).orElse("gone"));
        return true;
    }

    /**
     * Records the payment the provider created for the checkout. A reservation still waiting for it gets it as its
     * pending payment ({@code Tickets.PaymentPending}, then the outcome if the provider already had one); a
     * reservation that ended or disappeared meanwhile gets nothing, and the payment is cancelled at the provider.
     * Recording the same checkout again changes nothing.
     *
     * @return true when the provider reported on the payment before this recorded it, so it is to be asked about
     *         the payment now
     */
    @Transactional
    public boolean created(Checkout checkout, ProviderPayment created) {
        Instant now = clock.instant();
        Optional<Reservation> locked = reservations.lock(checkout.reservationId());
        if (locked.isEmpty()) {
            cancellations.want(created.id(), "Reservation " + checkout.reservationId() + " is gone (a new sale)");
            return false;
        }
        Checkout current = checkouts.find(checkout.id()).orElseThrow();
        if (!checkouts.finish(checkout.id(), CheckoutStatus.CREATED, created.id(), now)) {
            log.debug("The payment of checkout {} was recorded before ({})", checkout.id(), current.paymentId());
            return false;
        }
        Reservation reservation = locked.get();
        Payment payment = new Payment(created.id(), reservation.id(), reservation.sessionId(), checkout.method(),
                checkout.amount(), checkout.currency(), PaymentStatus.PENDING, created.transferId(), checkout.id(),
                null, now, current.acknowledgedAt(), null);
        if (!store.insert(payment)) {
            log.warn("The provider answered checkout {} with payment {}, which is recorded already; nothing changes",
                    checkout.id(), created.id());
            return false;
        }
        if (reservation.status() != ReservationStatus.PAYMENT_PENDING) {
            log.warn("Payment {} was created for reservation {}, which is {} by now: it is cancelled", created.id(),
                    reservation.id(), reservation.status());
            outcomes.cancel(payment, "The reservation was " + reservation.status() + " when the payment was created");
            return false;
        }
        log.info("Payment {} ({}) of {} {} created for reservation {}", created.id(), checkout.method(),
                checkout.amount(), checkout.currency(), reservation.id());
        facts.publish(new TicketsPaymentPending(reservation.sessionId(), reservation.id(), created.id(),
                checkout.method(), checkout.amount(), checkout.currency(), created.moneyTransfer()));
        if (created.status() != PaymentStatus.PENDING) {
            outcomes.apply(created);
            return false;
        }
        return current.outcomeReportedAt() != null;
    }

    /**
     * The provider refused the checkout's payment for good: the customer is told ({@code Tickets.PaymentDeclined}
     * with the provider's reason) and may pay again while the hold lasts.
     */
    @Transactional
    public void refused(Checkout checkout, String reason) {
        Optional<Reservation> locked = reservations.lock(checkout.reservationId());
        if (locked.isEmpty() || !checkouts.finish(checkout.id(), CheckoutStatus.REFUSED, null, clock.instant())) {
            return;
        }
        Reservation reservation = locked.get();
        if (!reservations.paymentFailed(reservation.id())) {
            log.info("The provider refused checkout {} ({}); reservation {} is {} and stays so", checkout.id(), reason,
                    reservation.id(), reservation.status());
            return;
        }
        log.info("The provider refused the payment of reservation {}: {}", reservation.id(), reason);
        facts.publish(new TicketsPaymentDeclined(reservation.sessionId(), reservation.id(), null, reason,
                reservation.expiresAt()));
    }

    private String description(Reservation reservation) {
        String label = inventory.type(reservation.saleId(), reservation.ticketType()).map(TicketType::label)
                .orElse(reservation.ticketType());
        return reservation.quantity() + " x " + label;
    }
}
