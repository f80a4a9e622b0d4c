package io.concertsale.events.data;

/**
 * The customer checked out.
 *
 * @param method how the customer pays
 * @param cardToken the payment provider's token for the card (never a card number); null for a transfer
 */
public record TicketsPaymentRequested(String sessionId, String reservationId, PaymentMethod method, String cardToken) {
}
