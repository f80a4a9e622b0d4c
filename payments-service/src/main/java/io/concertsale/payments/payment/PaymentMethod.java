package io.concertsale.payments.payment;

public enum PaymentMethod {
    CARD, MONEY_TRANSFER
}
