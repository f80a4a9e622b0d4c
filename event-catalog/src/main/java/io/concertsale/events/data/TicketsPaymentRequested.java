package io.concertsale.events.data;

/**
 * The customer checked out.
 *
 * @param method {@code CARD} or {@code MONEY_TRANSFER}
 * @param cardToken the payment provider's token for the card (never a card number); null for a transfer
 */
public record TicketsPaymentRequested(String sessionId, String reservationId, String method, String cardToken) {
}
