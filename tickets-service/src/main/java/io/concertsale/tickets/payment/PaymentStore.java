package io.concertsale.tickets.payment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where the provider's payments are kept; status changes are conditional on the status they leave. */
public interface PaymentStore {

    /** @return false when the payment was recorded before */
    boolean insert(Payment payment);

    Optional<Payment> find(String id);

    /** The money transfer the provider names by its transfer id (or by its payment id). */
    Optional<Payment> findTransfer(String transferId);

    /** The reservation's payments, oldest first. */
    List<Payment> findByReservation(String reservationId);

    /** True when a payment of the reservation is pending. */
    boolean hasPending(String reservationId);

    /** Moves the payment to {@code to} if it is in one of {@code from}, with the reason when one is given. */
    boolean transition(String id, Collection<PaymentStatus> from, PaymentStatus to, String reason, Instant now);

    /** Records that the provider took the payment ({@code Payments.RequestReceived}); the first time counts. */
    void acknowledge(String id, Instant at);

    /** Records that the provider was asked about the payment. */
    void markPolled(String id, Instant at);

    /** Pending payments created before {@code before} and not asked about since then, oldest first. */
    List<Payment> dueForPoll(Instant before, int limit);
}
