package io.concertsale.payments.card;

import java.util.Optional;

/** Where card tokens are kept. */
public interface CardTokenStore {

    void save(CardToken token);

    Optional<CardToken> find(String token);
}
