package io.concertsale.gateway.shop.session;

/** The state of the customer's latest payment attempt as the browser sees it. */
public enum PaymentStatus {
    NONE, PENDING, AUTHORIZED, DECLINED
}
