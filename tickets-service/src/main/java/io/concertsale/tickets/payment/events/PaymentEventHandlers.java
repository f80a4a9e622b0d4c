package io.concertsale.tickets.payment.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.PaymentsRequestReceived;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.ingress.IncomingEvent;
import io.concertsale.tickets.events.JourneyEvents;
import io.concertsale.tickets.payment.PaymentConfirmations;
import io.concertsale.tickets.payment.PaymentOutcomes;
import io.concertsale.tickets.payment.PaymentRequest;
import io.concertsale.tickets.payment.Payments;
import org.springframework.stereotype.Component;

/**
 * The customer checks out; the provider reports on the payment. An authorization or an arrived transfer is handled
 * only once the provider confirmed it ({@link PaymentConfirmations}).
 */
@Component
public class PaymentEventHandlers {

    private final Payments payments;
    private final PaymentOutcomes outcomes;
    private final PaymentConfirmations confirmations;

    public PaymentEventHandlers(Payments payments, PaymentOutcomes outcomes, PaymentConfirmations confirmations) {
        this.payments = payments;
        this.outcomes = outcomes;
        this.confirmations = confirmations;
    }

    public void subscribe(EventSubscriptions.Builder subscriptions) {
        subscriptions
                .on(EventTypes.TICKETS_PAYMENT_REQUESTED, TicketsPaymentRequested.class, this::paymentRequested)
                .on(EventTypes.PAYMENTS_REQUEST_RECEIVED, PaymentsRequestReceived.class, this::requestReceived)
                .on(EventTypes.PAYMENTS_AUTHORIZED, PaymentsAuthorized.class,
                        event -> confirmations.authorized(event.type(), event.data()), this::authorized)
                .on(EventTypes.PAYMENTS_DECLINED, PaymentsDeclined.class, this::declined)
                .on(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, PaymentsMoneyTransferAccepted.class,
                        event -> confirmations.transferAccepted(event.type(), event.data()), this::transferAccepted);
    }

    /** The event id is the idempotency key at the provider: a redelivery never pays twice. */
    void paymentRequested(IncomingEvent<TicketsPaymentRequested> event) {
        TicketsPaymentRequested data = event.data();
        payments.request(new PaymentRequest(event.id(), JourneyEvents.session(event, data.sessionId()),
                data.reservationId(), data.method(), data.cardToken()));
    }

    void requestReceived(IncomingEvent<PaymentsRequestReceived> event) {
        outcomes.acknowledged(event.data().paymentId(), event.data().reference());
    }

    void authorized(IncomingEvent<PaymentsAuthorized> event) {
        outcomes.authorized(event.data().paymentId(), event.data().reference(), event.correlationKey());
    }

    void declined(IncomingEvent<PaymentsDeclined> event) {
        outcomes.declined(event.data().paymentId(), event.data().reference(), event.data().reason(),
                event.correlationKey());
    }

    void transferAccepted(IncomingEvent<PaymentsMoneyTransferAccepted> event) {
        outcomes.transferAccepted(event.data().transferId(), event.data().reference(), event.correlationKey());
    }
}
