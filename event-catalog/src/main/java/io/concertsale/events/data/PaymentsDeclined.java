package io.concertsale.events.data;

/**
 * The provider declined a card payment.
 *
 * @param reason for example {@code CARD_DECLINED} or {@code INSUFFICIENT_FUNDS}
 */
public record PaymentsDeclined(String paymentId, String reference, String reason) {
}
