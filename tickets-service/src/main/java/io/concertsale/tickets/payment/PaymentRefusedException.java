package io.concertsale.tickets.payment;

/** The provider refused the request for good (a 4xx answer); the reason is its problem detail. */
public class PaymentRefusedException extends RuntimeException {

    private final int status;
    private final String reason;

    public PaymentRefusedException(int status, String reason) {
        super("The payment provider refused (" + status + "): " + reason);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
