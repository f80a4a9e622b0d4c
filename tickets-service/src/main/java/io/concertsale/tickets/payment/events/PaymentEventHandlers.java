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
import io.concertsale.tickets.payment.PaymentMethod;
import io.concertsale.tickets.payment.PaymentOutcomes;
import io.concertsale.tickets.payment.PaymentRequest;
import io.concertsale.tickets.payment.Payments;
import org.springframework.stereotype.Component;

/** The customer checks out; the provider reports on the payment. */
@Component
public class PaymentEventHandlers {

    private final Payments payments;
    private final PaymentOutcomes outcomes;

    public PaymentEventHandlers(Payments payments, PaymentOutcomes outcomes) {
        this.payments = payments;
        this.outcomes = outcomes;
    }

    public void subscribe(EventSubscriptions.Builder subscriptions) {
        subscriptions
                .on(EventTypes.TICKETS_PAYMENT_REQUESTED, TicketsPaymentRequested.class, this::paymentRequested)
                .on(EventTypes.PAYMENTS_REQUEST_RECEIVED, PaymentsRequestReceived.class, this::requestReceived)
                .on(EventTypes.PAYMENTS_AUTHORIZED, PaymentsAuthorized.class, this::authorized)
                .on(EventTypes.PAYMENTS_DECLINED, PaymentsDeclined.class, this::declined)
                .on(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, PaymentsMoneyTransferAccepted.class,
                        this::transferAccepted);
    }

    /** The event id is the idempotency key at the provider: a redelivery never pays twice. */
    void paymentRequested(IncomingEvent<TicketsPaymentRequested> event) {
        TicketsPaymentRequested data = event.data();
        payments.request(new PaymentRequest(event.id(), JourneyEvents.session(event, data.sessionId()),
                data.reservationId(), PaymentMethod.valueOf(data.method()), data.cardToken()));
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
