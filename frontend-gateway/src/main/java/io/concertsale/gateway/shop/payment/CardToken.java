package io.concertsale.gateway.shop.payment;

/**
 * The payment provider's stand-in for a card: the token goes into events, brand and last four digits to the
 * browser.
 */
public record CardToken(String token, String brand, String last4, String expiry) {
}
