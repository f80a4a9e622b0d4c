package io.concertsale.payments.payment;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment at the provider.
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
}
