package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import io.concertsale.tickets.reservation.Reservation;
import io.concertsale.tickets.reservation.Reservations;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Facts about money are checked with the provider, never taken on an event's word: before a
 * {@code Payments.Authorized} or {@code Payments.MoneyTransferAccepted} is handled, the provider's API
 * ({@code GET /api/payments/{id}}, with the merchant's API key, the same call as the fallback poll's) must show that
 * payment {@code AUTHORIZED}, of the event's method, for the reference (reservation) the event names and the payment
 * recorded here has, and for exactly the reservation's amount and currency (and the event's, when it states them).
 *
 * <p>Runs on the request's thread before the ingress's transaction ({@link
 * io.concertsale.eventkit.ingress.EventSubscriptions.Check}), so the call holds no database connection. What it
 * answers:
 * <ul>
 * <li>the provider confirms: the event is handled as before;</li>
 * <li>the provider contradicts the event (unknown payment, not authorized, another reference, amount or currency):
 * {@code 400 payment-not-confirmed}, nothing changes, a warning is logged and {@value #METER}{@code {type}} counted.
 * A 400, not a recorded no-op: the ingress answers 400 to an event it can never handle, so the broker does not retry
 * it, and it goes to the dead letters where an operator sees it, counted as rejected; a genuine outcome the
 * provider reports later still takes effect through the fallback poll, which asks the provider itself;</li>
 * <li>the provider cannot be asked: {@code 503 payment-provider-unavailable} with {@code Retry-After}, so the broker
 * delivers the event again: never dropped.</li>
 * </ul>
 * A payment recorded here that is no longer {@code PENDING} is not asked about: the outcome took effect before, and
 * the event changes nothing (a redelivery). An outcome of a payment not recorded here yet is noted and the provider
 * asked about it once it is ({@link PaymentOutcomes}); a money transfer is checked once its payment is recorded.
 */
@Service
public class PaymentConfirmations {

    /** Counts outcomes the provider did not confirm, tagged with the event type. */
    public static final String METER = "tickets.payments.unconfirmed";
    static final String PROBLEM = "payment-not-confirmed";

    private static final Logger log = LoggerFactory.getLogger(PaymentConfirmations.class);

    private final PaymentProvider provider;
    private final PaymentStore payments;
    private final Reservations reservations;
    private final MeterRegistry meters;

    public PaymentConfirmations(PaymentProvider provider, PaymentStore payments, Reservations reservations,
            MeterRegistry meters) {
        this.provider = provider;
        this.payments = payments;
        this.reservations = reservations;
        this.meters = meters;
    }

    /** {@code Payments.Authorized}: the provider must show the card payment authorized. */
    public void authorized(String type, PaymentsAuthorized event) {
        Optional<Payment> recorded = payments.find(event.paymentId());
        if (recorded.isPresent() && recorded.get().status() != PaymentStatus.PENDING) {
            return;
        }
        confirm(type, event.paymentId(), PaymentMethod.CARD, event.reference(), event.amount(), event.currency(),
                recorded, null);
    }

    /** {@code Payments.MoneyTransferAccepted}: the provider must show the transfer's payment authorized. */
    public void transferAccepted(String type, PaymentsMoneyTransferAccepted event) {
        Optional<Payment> recorded = payments.findTransfer(event.transferId());
        if (recorded.isEmpty()) {
            // not recorded yet: the outcome is only noted, and the provider asked once the payment is recorded
            return;
        }
        if (recorded.get().status() != PaymentStatus.PENDING) {
            return;
        }
        confirm(type, recorded.get().id(), PaymentMethod.MONEY_TRANSFER, event.reference(), event.amount(),
                event.currency(), recorded, event.transferId());
    }

    private void confirm(String type, String paymentId, PaymentMethod method, String reference, BigDecimal amount,
            String currency, Optional<Payment> recorded, String transferId) {
        Optional<ProviderPayment> found;
        try {
            found = provider.find(paymentId);
        } catch (PaymentProviderUnavailableException e) {
            log.warn("{} of payment {} cannot be checked with the provider now; the broker delivers it again: {}",
                    type, paymentId, e.getMessage());
            throw new ProblemException(503, "payment-provider-unavailable", "Payment provider unavailable",
                    "The payment provider could not be asked about payment " + paymentId + "; try again", 5, e);
        }
        if (found.isEmpty()) {
            throw refused(type, paymentId, "the provider does not know the payment");
        }
        ProviderPayment payment = found.get();
        if (payment.status() != PaymentStatus.AUTHORIZED) {
            throw refused(type, paymentId, "the provider has it " + payment.status());
        }
        if (payment.method() != method) {
            throw refused(type, paymentId, "the provider has it as a " + payment.method() + " payment");
        }
        if (transferId != null && !transferId.equals(payment.transferId())) {
            throw refused(type, paymentId, "the provider's transfer of the payment is " + payment.transferId());
        }
        if (reference == null || !reference.equals(payment.reference())) {
            throw refused(type, paymentId, "the provider has it for reference " + payment.reference()
                    + ", the event names " + reference);
        }
        if (recorded.isPresent() && !recorded.get().reservationId().equals(payment.reference())) {
            throw refused(type, paymentId, "it was created here for reservation " + recorded.get().reservationId());
        }
        if (!same(amount, currency, payment)) {
            throw refused(type, paymentId, "the provider has it for " + payment.amount() + " " + payment.currency()
                    + ", the event says " + amount + " " + currency);
        }
        Optional<Reservation> reservation = reservations.find(payment.reference());
        if (reservation.isPresent() && !same(reservation.get().amount(), reservation.get().currency(), payment)) {
            throw refused(type, paymentId, "the provider has it for " + payment.amount() + " " + payment.currency()
                    + ", but reservation " + reservation.get().id() + " costs " + reservation.get().amount() + " "
                    + reservation.get().currency());
        }
    }

    /** The amount and currency (when given) are exactly the payment's at the provider. */
    private static boolean same(BigDecimal amount, String currency, ProviderPayment payment) {
        boolean amountMatches = amount == null
                || payment.amount() != null && amount.compareTo(payment.amount()) == 0;
        boolean currencyMatches = currency == null || Objects.equals(currency, payment.currency());
        return amountMatches && currencyMatches;
    }

    private InvalidEventException refused(String type, String paymentId, String why) {
        log.warn("Refused {} of payment {}: {}; nothing changes", type, paymentId, why);
        meters.counter(METER, "type", type).increment();
        return new InvalidEventException(PROBLEM, type + " of payment " + paymentId
                + " is not what the payment provider says: " + why);
    }
}
