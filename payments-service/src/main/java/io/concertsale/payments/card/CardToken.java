package io.concertsale.payments.card;

import java.time.Instant;

/**
 * A tokenized card: what the provider keeps instead of the card number.
 *
 * @param expiry {@code MM/YY}
 * @param declineReason the simulated outcome decided at tokenization: null authorizes, otherwise why it declines
 * @param reference the payment reference the tokenization named (the merchant's order, e.g. the reservation): the
 *        token pays only a payment with that reference; null when none was named
 * @param paymentId the payment that used the token, null while unused: a token pays once
 */
public record CardToken(
        String token, CardBrand brand, String last4, String expiry, String holder, String declineReason,
        Instant createdAt, String reference, String paymentId) {
}
