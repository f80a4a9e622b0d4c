package io.concertsale.tickets.payment;

import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.inventory.Inventory;
import io.concertsale.tickets.inventory.TicketType;
import io.concertsale.tickets.payment.store.PaymentStore;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.ReservationStatus;
import io.concertsale.tickets.reservation.Reservations;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checkout: creates the payment for a held reservation at the provider, for the amount the reservation computed,
 * and records it. The reservation's row stays locked while the provider is asked, so the provider's events about
 * the new payment, an expiry or a release of the same reservation wait until the payment is recorded.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    private final Reservations reservations;
    private final Inventory inventory;
    private final PaymentStore store;
    private final PaymentProvider provider;
    private final PaymentOutcomes outcomes;
    private final TicketsFacts facts;
    private final Clock clock;

    public Payments(Reservations reservations, Inventory inventory, PaymentStore store, PaymentProvider provider,
            PaymentOutcomes outcomes, TicketsFacts facts, Clock clock) {
        this.reservations = reservations;
        this.inventory = inventory;
        this.store = store;
        this.provider = provider;
        this.outcomes = outcomes;
        this.facts = facts;
        this.clock = clock;
    }

    /**
     * Pays for the reservation. A request for a reservation that is not held (any more), not the session's, or
     * with a payment under way already changes nothing: the customer sees the state they are in.
     *
     * @throws PaymentProviderUnavailableException when the provider could not be asked; the request may be repeated
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
        if (store.hasPending(reservation.id())) {
            log.info("A payment for reservation {} is under way already; payment request {} ignored",
                    reservation.id(), request.requestId());
            return;
        }
        if (request.method() == PaymentMethod.CARD && (request.cardToken() == null || request.cardToken().isBlank())) {
            declined(reservation, null, "A card payment needs a card token");
            return;
        }
        ProviderPayment created;
        try {
            created = provider.create(order(reservation, request), request.requestId());
        } catch (PaymentRefusedException e) {
            log.info("The provider refused the payment of reservation {}: {}", reservation.id(), e.reason());
            declined(reservation, null, e.reason());
            return;
        }
        Payment payment = new Payment(created.id(), reservation.id(), reservation.sessionId(), request.method(),
                reservation.amount(), reservation.currency(), PaymentStatus.PENDING, created.transferId(),
                request.requestId(), null, now, null, null);
        if (!store.insert(payment)) {
            log.info("Payment {} of reservation {} was recorded before", created.id(), reservation.id());
            return;
        }
        if (!reservations.paymentStarted(reservation.id())) {
            throw new IllegalStateException("Reservation " + reservation.id() + " changed while locked");
        }
        log.info("Payment {} ({}) of {} {} created for reservation {}", created.id(), request.method(),
                reservation.amount(), reservation.currency(), reservation.id());
        facts.paymentPending(new TicketsPaymentPending(reservation.sessionId(), reservation.id(), created.id(),
                request.method().name(), reservation.amount(), reservation.currency(), created.moneyTransfer()));
        if (created.status() != PaymentStatus.PENDING) {
            outcomes.apply(created);
        }
    }

    private PaymentOrder order(Reservation reservation, PaymentRequest request) {
        String label = inventory.type(reservation.saleId(), reservation.ticketType()).map(TicketType::label)
                .orElse(reservation.ticketType());
        return new PaymentOrder(request.method(),
                request.method() == PaymentMethod.CARD ? request.cardToken() : null, reservation.amount(),
                reservation.currency(), reservation.id(), reservation.sessionId(),
                reservation.quantity() + " x " + label);
    }

    private void declined(Reservation reservation, String paymentId, String reason) {
        if (reservation.status() == ReservationStatus.PAYMENT_PENDING) {
            reservations.paymentFailed(reservation.id());
        }
        facts.paymentDeclined(new TicketsPaymentDeclined(reservation.sessionId(), reservation.id(), paymentId, reason,
                reservation.expiresAt()));
    }
}
