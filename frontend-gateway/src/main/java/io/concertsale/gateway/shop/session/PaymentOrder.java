package io.concertsale.gateway.shop.session;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.gateway.shop.payment.Card;

/**
 * How the customer wants to pay.
 *
 * @param card the card details for {@link PaymentMethod#CARD}, null otherwise
 */
public record PaymentOrder(PaymentMethod method, Card card) {
}
