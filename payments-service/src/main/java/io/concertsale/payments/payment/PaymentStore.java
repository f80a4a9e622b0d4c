package io.concertsale.payments.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where payments are kept. Every change of status is conditional on the status it starts from, so concurrent
 * processors, cancellations and bank notices settle each payment exactly once.
 */
public interface PaymentStore {

    /** @throws org.springframework.dao.DuplicateKeyException when the Idempotency-Key was used already */
    void insert(Payment payment);

    Optional<Payment> find(String id);

    Optional<Payment> findByIdempotencyKey(String idempotencyKey);

    /** Pending payments whose {@code processAt} has come, oldest first. */
    List<String> due(Instant now, int limit);

    /** PENDING card payment → AUTHORIZED; false when it was not pending. */
    boolean authorize(String id, String authorizationCode, Instant now);

    /** PENDING card payment → DECLINED; false when it was not pending. */
    boolean decline(String id, String reason, Instant now);

    /** PENDING money transfer → AUTHORIZED; false when it was not pending. */
    boolean acceptTransfer(String id, Instant now);

    /** PENDING or AUTHORIZED → CANCELLED; false otherwise. */
    boolean cancel(String id, Instant now);

    /** The payments by status and currency: how many, and their sum; only those created at or after {@code from}. */
    List<PaymentSummary.Group> totals(Instant from);
}
