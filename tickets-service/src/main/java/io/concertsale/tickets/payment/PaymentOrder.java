package io.concertsale.tickets.payment;

import io.concertsale.events.data.PaymentMethod;
import java.math.BigDecimal;

/**
 * What the service asks the provider to collect.
 *
 * @param cardToken the provider's token of the customer's card; null for a money transfer
 * @param reference the merchant's reference: the reservation id
 * @param correlationKey the customer's session id, which the provider's events carry back
 * @param description what is paid for, for example {@code 2 x Standing}
 */
public record PaymentOrder(
        PaymentMethod method, String cardToken, BigDecimal amount, String currency, String reference,
        String correlationKey, String description) {
}
