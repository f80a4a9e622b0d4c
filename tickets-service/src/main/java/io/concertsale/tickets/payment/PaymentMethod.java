package io.concertsale.tickets.payment;

/** How the customer pays. */
public enum PaymentMethod {
    CARD, MONEY_TRANSFER
}
