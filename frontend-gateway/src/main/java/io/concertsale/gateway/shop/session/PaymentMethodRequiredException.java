package io.concertsale.gateway.shop.session;

import io.concertsale.events.data.PaymentMethod;

/** The order must be paid with another method (a bulk order by money transfer); answered 409. */
public class PaymentMethodRequiredException extends RuntimeException {

    private final PaymentMethod method;

    public PaymentMethodRequiredException(String sessionId, PaymentMethod method) {
        super("Session " + sessionId + " must pay by " + method);
        this.method = method;
    }

    public PaymentMethod method() {
        return method;
    }
}
