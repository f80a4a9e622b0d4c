package io.concertsale.tickets.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where checkouts are kept. A checkout leaves {@code CREATING} once, by a conditional change; an attempt to ask the
 * provider is claimed by a conditional change on the attempt count, so of two workers racing for the same attempt
 * exactly one asks.
 */
public interface CheckoutStore {

    /** @return false when the checkout was recorded before */
    boolean insert(Checkout checkout);

    Optional<Checkout> find(String id);

    /** The reservation's checkout whose payment is being created, if any (there is at most one). */
    Optional<Checkout> creating(String reservationId);

    /** The reservation's checkouts, oldest first. */
    List<Checkout> findByReservation(String reservationId);

    /** The ids of checkouts whose provider may be asked now, longest due first. */
    List<String> due(Instant now, int limit);

    /**
     * Claims the next attempt: counts it and makes the checkout due again only at {@code until}, so nobody else
     * asks the provider meanwhile.
     *
     * @param attempts the attempts the caller saw: the claim fails when another worker claimed since
     * @return false when the checkout is not due, no longer {@code CREATING}, or claimed by another worker
     */
    boolean claim(String id, int attempts, Instant now, Instant until);

    /** The provider could not be asked: ask again at {@code next}. */
    void retryAt(String id, Instant next, String error, Instant now);

    /**
     * The checkout leaves {@code CREATING} for {@code to}, with the provider's payment id if there is one; the card
     * token is no longer needed and is dropped.
     *
     * @return false when it left {@code CREATING} before
     */
    boolean finish(String id, CheckoutStatus to, String paymentId, Instant now);

    /**
     * Abandons a checkout whose provider was never asked.
     *
     * @return false when it was asked (or is being asked), or left {@code CREATING} before
     */
    boolean abandonUnasked(String id, Instant now);

    /** The provider said it took the payment before its creation was recorded; the first time counts. */
    void acknowledged(String id, Instant at);

    /** The provider reported an outcome of the payment before its creation was recorded; the first time counts. */
    void outcomeReported(String id, Instant at);
}
