package io.concertsale.payments.payment;

/**
 * The card token cannot pay this payment: it was issued for a payment with another reference, or a payment used it
 * already. Nothing changed.
 */
public class CardTokenRefusedException extends RuntimeException {

    private final String problem;

    public CardTokenRefusedException(String problem, String message) {
        super(message);
        this.problem = problem;
    }

    /** The problem slug: {@code card-token-other-payment} or {@code card-token-used}. */
    public String problem() {
        return problem;
    }
}
