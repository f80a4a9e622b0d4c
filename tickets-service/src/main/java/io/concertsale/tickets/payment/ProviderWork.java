package io.concertsale.tickets.payment;

/**
 * A call to the payment provider that a transaction asked for. Published as an application event, it reaches
 * {@link ProviderCalls} once that transaction committed; the database row it names is what makes it happen, so a
 * call whose event is lost (a crash right after the commit) is found by the periodic sweep.
 */
public sealed interface ProviderWork {

    /** Create the payment of a checkout. */
    record Creation(String checkoutId) implements ProviderWork {
    }

    /** Cancel a payment that must not be paid. */
    record Cancellation(String paymentId) implements ProviderWork {
    }
}
