package io.concertsale.events.data;

import java.math.BigDecimal;

/**
 * The provider accepted a payment for processing.
 *
 * @param reference the merchant's reference (the reservation id)
 */
public record PaymentsRequestReceived(
        String paymentId, String reference, PaymentMethod method, BigDecimal amount, String currency) {
}
