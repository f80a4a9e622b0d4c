package io.concertsale.gateway.shop.session;

/**
 * A session's place in its sale's join order, as the gateway gave it in the transaction that took the join.
 *
 * @param number 1 for the first join of the sale; no gaps, no duplicates
 */
public record JoinNumber(String saleId, long number) {
}
