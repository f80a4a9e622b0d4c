package io.concertsale.gateway.shop.payment;

/** Exchanges card details for the payment provider's token, so that no other part ever sees a card number. */
public interface CardTokenizer {

    /**
     * @param reference the reference of the payment the card is to pay (the reservation id): the provider binds the
     *        token to it, so it pays that payment once and no other
     * @throws CardRejectedException when the provider finds the card details invalid
     * @throws PaymentProviderUnavailableException when the provider cannot be reached or fails
     */
    CardToken tokenize(Card card, String reference);
}
