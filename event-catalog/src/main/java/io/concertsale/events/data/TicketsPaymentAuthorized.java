package io.concertsale.events.data;

import java.math.BigDecimal;

/** The sale is paid. */
public record TicketsPaymentAuthorized(
        String sessionId, String reservationId, String paymentId, PaymentMethod method, BigDecimal amount,
        String currency) {
}
