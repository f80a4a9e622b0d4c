package io.concertsale.payments.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.PaymentsRequestReceived;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment at the provider, and the facts the merchant is told about it ({@link #received()}, {@link #authorized()},
 * {@link #declined()}, {@link #transferAccepted()}), each stated with its {@code correlationKey}.
 *
 * @param reference the merchant's reference, echoed on every event
 * @param correlationKey the merchant's correlation id, carried as {@code correlationkey} on every event
 * @param cardToken the card paid with (CARD only)
 * @param transfer the transfer instructions (MONEY_TRANSFER only)
 * @param processAt when the processor settles it while it is pending; null when nothing is scheduled
 */
public record Payment(
        String id, String idempotencyKey, String requestHash, PaymentMethod method, PaymentStatus status,
        BigDecimal amount, String currency, String reference, String correlationKey, String description,
        String cardToken, String cardBrand, String cardLast4, TransferInstructions transfer, String declineReason,
        String authorizationCode, Instant processAt, Instant createdAt, Instant updatedAt) {

    /** The fact that the provider received the payment request. */
    public PaymentsRequestReceived received() {
        return new PaymentsRequestReceived(id, reference, method, amount, currency);
    }

    /** The fact that the payment is authorized (a card settled, or a transfer arrived). */
    public PaymentsAuthorized authorized() {
        return new PaymentsAuthorized(id, reference, amount, currency, authorizationCode);
    }

    /** The fact that the payment is declined, and why. */
    public PaymentsDeclined declined() {
        return new PaymentsDeclined(id, reference, declineReason);
    }

    /** The fact that the money transfer arrived. */
    public PaymentsMoneyTransferAccepted transferAccepted() {
        return new PaymentsMoneyTransferAccepted(id, reference, amount, currency);
    }
}
