package io.concertsale.events.data;

/**
 * How a customer pays: the words of the published language ({@code method} in the payment events and the payment
 * provider's API), one enum for every service that reads them.
 */
public enum PaymentMethod {
    CARD, MONEY_TRANSFER
}
