package io.concertsale.gateway.shop.payment;

/** The payment provider could not tokenize the card right now (unreachable, timed out, or failed); worth retrying. */
public class PaymentProviderUnavailableException extends RuntimeException {

    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
