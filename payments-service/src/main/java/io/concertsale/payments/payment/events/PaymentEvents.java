package io.concertsale.payments.payment.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.PaymentsRequestReceived;
import io.concertsale.eventkit.outbox.EventPublisher;
import io.concertsale.payments.payment.Payment;
import io.concertsale.payments.payment.PaymentNotifier;
import org.springframework.stereotype.Component;

/**
 * Tells the merchant about payments with CloudEvents through the outbox, correlated by the merchant's
 * {@code correlationKey}.
 */
@Component
class PaymentEvents implements PaymentNotifier {

    private final SaleEvents events;
    private final EventPublisher publisher;

    PaymentEvents(SaleEvents events, EventPublisher publisher) {
        this.events = events;
        this.publisher = publisher;
    }

    @Override
    public void received(Payment payment) {
        publish(EventTypes.PAYMENTS_REQUEST_RECEIVED, payment, new PaymentsRequestReceived(payment.id(),
                payment.reference(), payment.method().name(), payment.amount(), payment.currency()));
    }

    @Override
    public void authorized(Payment payment) {
        publish(EventTypes.PAYMENTS_AUTHORIZED, payment, new PaymentsAuthorized(payment.id(), payment.reference(),
                payment.amount(), payment.currency(), payment.authorizationCode()));
    }

    @Override
    public void declined(Payment payment) {
        publish(EventTypes.PAYMENTS_DECLINED, payment,
                new PaymentsDeclined(payment.id(), payment.reference(), payment.declineReason()));
    }

    @Override
    public void transferAccepted(Payment payment) {
        publish(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, payment, new PaymentsMoneyTransferAccepted(payment.id(),
                payment.reference(), payment.amount(), payment.currency()));
    }

    private void publish(String type, Payment payment, Object data) {
        publisher.publish(events.journey(type, payment.correlationKey(), data));
    }
}
