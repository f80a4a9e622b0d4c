package io.concertsale.payments.card;

import java.util.Optional;

/** Where card tokens are kept. */
public interface CardTokenStore {

    void save(CardToken token);

    Optional<CardToken> find(String token);

    /**
     * Marks the token used by the payment, unless a payment used it before.
     *
     * @return false when it was used before (nothing changed)
     */
    boolean use(String token, String paymentId);
}
