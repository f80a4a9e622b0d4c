package io.concertsale.payments.web;

/** A merchant request without a valid API key. */
class MerchantUnauthorizedException extends RuntimeException {

    MerchantUnauthorizedException(String message) {
        super(message);
    }
}
