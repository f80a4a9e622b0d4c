package io.concertsale.events.data;

import java.math.BigDecimal;

/** The provider authorized a card payment. */
public record PaymentsAuthorized(
        String paymentId, String reference, BigDecimal amount, String currency, String authorizationCode) {
}
