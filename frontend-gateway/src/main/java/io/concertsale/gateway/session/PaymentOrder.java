package io.concertsale.gateway.session;

import io.concertsale.gateway.payment.Card;

/**
 * How the customer wants to pay.
 *
 * @param method {@code CARD} or {@code MONEY_TRANSFER}
 * @param card the card details for {@code CARD}, null otherwise
 */
public record PaymentOrder(String method, Card card) {

    public static final String CARD = "CARD";
    public static final String MONEY_TRANSFER = "MONEY_TRANSFER";
}
