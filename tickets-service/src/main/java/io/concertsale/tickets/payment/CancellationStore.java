package io.concertsale.tickets.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the payments to cancel at the provider are kept, each until the provider cancelled the payment (or refused to
 * for good). Attempts are claimed like a checkout's (see {@link CheckoutStore#claim}).
 */
public interface CancellationStore {

    /** A payment to cancel: how often the provider was asked, and when it may be asked (again). */
    record Cancellation(String paymentId, String reason, int attempts, Instant nextAttemptAt) {
    }

    /** @return false when the cancellation was wanted before (and is not done yet) */
    boolean want(String paymentId, String reason, Instant now);

    Optional<Cancellation> find(String paymentId);

    /** The payment ids whose cancellation may be asked for now, longest due first. */
    List<String> due(Instant now, int limit);

    /** Claims the next attempt, as {@link CheckoutStore#claim} does. */
    boolean claim(String paymentId, int attempts, Instant now, Instant until);

    /** The provider could not be asked: ask again at {@code next}. */
    void retryAt(String paymentId, Instant next, String error);

    /** The provider answered for good: nothing is left to do. */
    void done(String paymentId);
}
