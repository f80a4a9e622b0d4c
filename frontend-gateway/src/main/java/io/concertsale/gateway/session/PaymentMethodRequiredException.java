package io.concertsale.gateway.session;

/** The order must be paid with another method (a bulk order by money transfer); answered 409. */
public class PaymentMethodRequiredException extends RuntimeException {

    private final String method;

    public PaymentMethodRequiredException(String sessionId, String method) {
        super("Session " + sessionId + " must pay by " + method);
        this.method = method;
    }

    public String method() {
        return method;
    }
}
