package io.concertsale.tickets.payment;

import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.Reservations;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what the provider says about a payment, whether its event arrived or the fallback poll asked: the same
 * code path, so each outcome takes effect exactly once however often and in whatever order it is reported.
 * An authorization pays the reservation and issues its tickets; one that comes after the hold ended is cancelled at
 * the provider (through {@link Cancellations}: never a call inside these transactions). A decline puts the hold back
 * so the customer may pay again until it expires.
 *
 * <p>An event can name a payment whose creation is not recorded yet (the provider sent it before its answer to the
 * creation arrived). It is then noted on the reservation's checkout, and the provider is asked about the payment as
 * soon as the creation is recorded (see {@link Payments#created}): it is neither lost nor applied twice.
 */
@Service
public class PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomes.class);

    private final PaymentStore store;
    private final CheckoutStore checkouts;
    private final Reservations reservations;
    private final TicketIssuer issuer;
    private final Cancellations cancellations;
    private final TicketsFacts facts;
    private final Clock clock;

    public PaymentOutcomes(PaymentStore store, CheckoutStore checkouts, Reservations reservations,
            TicketIssuer issuer, Cancellations cancellations, TicketsFacts facts, Clock clock) {
        this.store = store;
        this.checkouts = checkouts;
        this.reservations = reservations;
        this.issuer = issuer;
        this.cancellations = cancellations;
        this.facts = facts;
        this.clock = clock;
    }

    /** The provider took the payment for processing ({@code Payments.RequestReceived}). */
    @Transactional
    public void acknowledged(String paymentId, String reference) {
        Optional<Payment> payment = locked(() -> store.find(paymentId), reference);
        if (payment.isPresent()) {
            store.acknowledge(paymentId, clock.instant());
            return;
        }
        Optional<Checkout> creating = reference == null ? Optional.empty() : checkouts.creating(reference);
        if (creating.isPresent()) {
            log.info("The provider acknowledged payment {} of reservation {} before its creation was recorded; "
                    + "noted on checkout {}", paymentId, reference, creating.get().id());
            checkouts.acknowledged(creating.get().id(), clock.instant());
            return;
        }
        log.info("The provider acknowledged payment {} (reference {}), which is not recorded here", paymentId,
                reference);
    }

    /** A card payment was authorized ({@code Payments.Authorized}). */
    @Transactional
    public void authorized(String paymentId, String reference, String sessionId) {
        Optional<Payment> payment = locked(() -> store.find(paymentId), reference);
        if (payment.isEmpty()) {
            if (!reportedEarly(paymentId, reference)) {
                unknownAuthorized(paymentId, reference);
            }
        } else if (sameSession(payment.get(), sessionId)) {
            authorize(payment.get());
        }
    }

    /** A money transfer arrived ({@code Payments.MoneyTransferAccepted}): the same as an authorization. */
    @Transactional
    public void transferAccepted(String transferId, String reference, String sessionId) {
        Optional<Payment> payment = locked(() -> store.findTransfer(transferId), reference);
        if (payment.isEmpty()) {
            if (!reportedEarly(transferId, reference)) {
                log.warn("Money transfer {} (reference {}) arrived but no payment here has it; ignored", transferId,
                        reference);
            }
        } else if (sameSession(payment.get(), sessionId)) {
            authorize(payment.get());
        }
    }

    /** A card payment was declined ({@code Payments.Declined}). */
    @Transactional
    public void declined(String paymentId, String reference, String reason, String sessionId) {
        Optional<Payment> payment = locked(() -> store.find(paymentId), reference);
        if (payment.isEmpty()) {
            if (!reportedEarly(paymentId, reference)) {
                log.info("Payment {} (reference {}) was declined but is not recorded here; ignored", paymentId,
                        reference);
            }
        } else if (sameSession(payment.get(), sessionId)) {
            fail(payment.get(), PaymentStatus.DECLINED, reason);
        }
    }

    /** The payment as the provider reports it, from the fallback poll or the provider's answer on creation. */
    @Transactional
    public void apply(ProviderPayment reported) {
        Optional<Payment> payment = locked(() -> store.find(reported.id()), reported.reference());
        if (payment.isEmpty()) {
            log.warn("The provider reports payment {} (reference {}), which is not recorded here", reported.id(),
                    reported.reference());
            return;
        }
        switch (reported.status()) {
            case PENDING -> log.debug("Payment {} is still pending at the provider", reported.id());
            case AUTHORIZED -> authorize(payment.get());
            case DECLINED -> fail(payment.get(), PaymentStatus.DECLINED,
                    reported.declineReason() == null ? "DECLINED" : reported.declineReason());
            case CANCELLED -> fail(payment.get(), PaymentStatus.CANCELLED, "CANCELLED");
        }
    }

    /** The provider does not know a payment it created for us: it can never succeed. */
    @Transactional
    public void unknownAtProvider(String paymentId) {
        Optional<Payment> payment = locked(() -> store.find(paymentId), null);
        if (payment.isPresent()) {
            log.warn("The provider does not know payment {} of reservation {}; it counts as cancelled", paymentId,
                    payment.get().reservationId());
            fail(payment.get(), PaymentStatus.CANCELLED, "UNKNOWN_AT_PROVIDER");
        }
    }

    /**
     * Cancels a recorded payment that must not be paid: it counts as cancelled here at once, and is cancelled at the
     * provider once the caller's transaction committed.
     */
    public void cancel(Payment payment, String reason) {
        store.transition(payment.id(), EnumSet.of(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED),
                PaymentStatus.CANCELLED, reason, clock.instant());
        cancellations.want(payment.id(), reason);
    }

    /**
     * Finds the payment after locking its reservation (the reference, when the payment is not recorded), so an
     * outcome and the recording of the payment's creation take turns, and outcomes of the same reservation apply one
     * after the other.
     */
    private Optional<Payment> locked(Supplier<Optional<Payment>> lookup, String reference) {
        Optional<Payment> payment = lookup.get();
        String reservationId = payment.map(Payment::reservationId).orElse(reference);
        if (reservationId == null || reservations.lock(reservationId).isEmpty()) {
            return payment;
        }
        return lookup.get();
    }

    /**
     * An outcome of a payment not recorded here, while the reservation's checkout waits for the provider's answer:
     * the payment is most likely that checkout's. The outcome is noted on the checkout, and once its creation is
     * recorded the provider is asked about the payment, so what takes effect is the provider's word, never the
     * event's.
     *
     * @return true when the outcome was noted, false when no checkout of the reservation waits
     */
    private boolean reportedEarly(String paymentId, String reference) {
        Optional<Checkout> creating = reference == null ? Optional.empty() : checkouts.creating(reference);
        if (creating.isEmpty()) {
            return false;
        }
        log.info("The provider reported on payment {} of reservation {} before its creation was recorded; the "
                + "provider is asked about it once checkout {} is", paymentId, reference, creating.get().id());
        checkouts.outcomeReported(creating.get().id(), clock.instant());
        return true;
    }

    private boolean sameSession(Payment payment, String sessionId) {
        if (sessionId != null && !sessionId.equals(payment.sessionId())) {
            log.warn("An outcome of payment {} came for session {}, but the payment is session {}'s; ignored (the "
                    + "fallback poll asks the provider)", payment.id(), sessionId, payment.sessionId());
            return false;
        }
        return true;
    }

    private void authorize(Payment payment) {
        switch (payment.status()) {
            case AUTHORIZED -> {
                log.debug("Payment {} was authorized before", payment.id());
                return;
            }
            case DECLINED, CANCELLED -> {
                log.warn("Payment {} is {} here but was authorized at the provider; cancelling it", payment.id(),
                        payment.status());
                cancellations.want(payment.id(), "Authorized at the provider but " + payment.status() + " here");
                return;
            }
            case PENDING -> {
                // the outcome is new: apply it below
            }
        }
        if (!store.transition(payment.id(), EnumSet.of(PaymentStatus.PENDING), PaymentStatus.AUTHORIZED, null,
                clock.instant())) {
            return;
        }
        Reservation reservation = reservations.find(payment.reservationId()).orElseThrow();
        if (!reservations.paid(reservation)) {
            log.warn("Payment {} was authorized, but reservation {} is {}: the payment is cancelled and no tickets "
                    + "are issued", payment.id(), reservation.id(), reservation.status());
            cancel(payment, "The reservation was " + reservation.status() + " when the payment was authorized");
            return;
        }
        log.info("Reservation {} of session {} is paid by payment {}", reservation.id(), reservation.sessionId(),
                payment.id());
        facts.publish(new TicketsPaymentAuthorized(reservation.sessionId(), reservation.id(), payment.id(),
                payment.method(), payment.amount(), payment.currency()));
        issuer.issue(reservation);
    }

    private void fail(Payment payment, PaymentStatus outcome, String reason) {
        if (!store.transition(payment.id(), EnumSet.of(PaymentStatus.PENDING), outcome, reason, clock.instant())) {
            log.debug("Payment {} is {} already; {} changes nothing", payment.id(), payment.status(), outcome);
            return;
        }
        Reservation reservation = reservations.find(payment.reservationId()).orElseThrow();
        if (!reservations.paymentFailed(reservation.id())) {
            log.info("Payment {} is {}; reservation {} is {} and stays so", payment.id(), outcome, reservation.id(),
                    reservation.status());
            return;
        }
        log.info("Payment {} of reservation {} is {} ({}); the customer may pay again until {}", payment.id(),
                reservation.id(), outcome, reason, reservation.expiresAt());
        facts.publish(new TicketsPaymentDeclined(reservation.sessionId(), reservation.id(), payment.id(),
                reason, reservation.expiresAt()));
    }

    private void unknownAuthorized(String paymentId, String reference) {
        Optional<Reservation> reservation = reference == null ? Optional.empty() : reservations.find(reference);
        if (reservation.isPresent() && reservation.get().status().ended()) {
            log.warn("Payment {} is not recorded here and its reservation {} is {}: cancelling it at the provider",
                    paymentId, reference, reservation.get().status());
            cancellations.want(paymentId, "Authorized for reservation " + reference + ", which is "
                    + reservation.get().status());
            return;
        }
        log.warn("Payment {} (reference {}) was authorized but is not recorded here; ignored", paymentId, reference);
    }
}
