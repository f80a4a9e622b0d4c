package io.concertsale.tickets.payment;

/** Where a checkout stands: {@code CREATING} until the provider answered, then one of the others for good. */
public enum CheckoutStatus {
    /** Recorded; the payment is being created at the provider. */
    CREATING,
    /** The provider created the payment, which is recorded. */
    CREATED,
    /** The provider refused to create it (an unknown card token, say); the customer was told. */
    REFUSED,
    /** The hold ended before the provider was ever asked, so it never was. */
    ABANDONED
}
