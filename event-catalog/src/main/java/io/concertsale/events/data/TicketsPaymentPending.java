package io.concertsale.events.data;

import java.math.BigDecimal;

/**
 * The payment provider took the payment; the outcome follows.
 *
 * @param moneyTransfer the instructions when the method is {@code MONEY_TRANSFER}, otherwise null
 */
public record TicketsPaymentPending(
        String sessionId, String reservationId, String paymentId, PaymentMethod method, BigDecimal amount,
        String currency, MoneyTransferInstructions moneyTransfer) {
}
