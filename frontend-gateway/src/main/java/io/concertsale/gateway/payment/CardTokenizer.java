package io.concertsale.gateway.payment;

/** Exchanges card details for the payment provider's token, so that no other part ever sees a card number. */
public interface CardTokenizer {

    /**
     * @throws CardRejectedException when the provider finds the card details invalid
     * @throws PaymentProviderUnavailableException when the provider cannot be reached or fails
     */
    CardToken tokenize(Card card);
}
