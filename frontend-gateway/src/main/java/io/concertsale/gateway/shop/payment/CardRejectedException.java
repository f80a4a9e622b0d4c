package io.concertsale.gateway.shop.payment;

import java.util.Map;

/** The payment provider found the card details invalid; {@code errors} names the fields and what is wrong. */
public class CardRejectedException extends RuntimeException {

    private final transient Map<String, Object> errors;

    public CardRejectedException(String message, Map<String, Object> errors) {
        super(message);
        this.errors = Map.copyOf(errors);
    }

    public Map<String, Object> errors() {
        return errors;
    }
}
