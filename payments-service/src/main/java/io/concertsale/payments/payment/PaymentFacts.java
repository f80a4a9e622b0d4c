package io.concertsale.payments.payment;

/**
 * Tells the merchant what happened to a payment: each fact an event's data record ({@code PaymentsAuthorized}...,
 * from {@link Payment#authorized()} and its siblings), the event catalog says which type each is. The provider's
 * records name no session: the merchant's correlation key goes with each payment. Stated inside the transaction that
 * made the change, so the event and the change commit together, or neither.
 */
@FunctionalInterface
public interface PaymentFacts {

    /** States the fact, correlated by the merchant's key ({@link Payment#correlationKey()}). */
    void publish(Record fact, String correlationKey);
}
