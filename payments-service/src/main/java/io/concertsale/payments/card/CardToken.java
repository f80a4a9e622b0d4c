package io.concertsale.payments.card;

import java.time.Instant;

/**
 * A tokenized card: what the provider keeps instead of the card number.
 *
 * @param expiry {@code MM/YY}
 * @param declineReason the simulated outcome decided at tokenization: null authorizes, otherwise why it declines
 */
public record CardToken(
        String token, CardBrand brand, String last4, String expiry, String holder, String declineReason,
        Instant createdAt) {
}
