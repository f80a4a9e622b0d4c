package io.concertsale.payments.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.payments.Ids;
import io.concertsale.payments.InvalidRequestException;
import io.concertsale.payments.card.CardToken;
import io.concertsale.payments.card.CardTokenizer;
import io.concertsale.payments.config.PaymentsProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The merchant's side of payments: create (idempotently), look up, cancel, and the bank's notice that a transfer
 * arrived. Every change commits together with the event that tells the merchant about it.
 */
@Service
public class PaymentService {

    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    /** How long a request that lost an Idempotency-Key race waits for the winner's payment to become visible. */
    private static final Duration RACE_WAIT = Duration.ofSeconds(5);
    private static final int CREATE_ATTEMPTS = 3;

    private final PaymentStore store;
    private final PaymentFacts facts;
    private final CardTokenizer cards;
    private final PaymentsProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public PaymentService(PaymentStore store, PaymentFacts facts, CardTokenizer cards,
            PaymentsProperties properties, Clock clock, TransactionTemplate transactions) {
        this.store = store;
        this.facts = facts;
        this.cards = cards;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Creates a payment, or returns the one this Idempotency-Key created before: a repeated request, even a
     * concurrent one, has no second effect.
     *
     * @throws InvalidRequestException for a missing key or an unknown card token
     * @throws IdempotencyKeyReusedException when the key created a payment from a different request
     * @throws CardTokenRefusedException when the card token was issued for another reference or paid a payment
     *         already (a token pays once: the one payment it was made for); a repeated request with the same key is
     *         answered with its payment as before
     */
    public CreatedPayment create(String idempotencyKey, PaymentRequest request) {
        checkIdempotencyKey(idempotencyKey);
        String fingerprint = request.fingerprint();
        for (int attempt = 1; ; attempt++) {
            Optional<Payment> existing = store.findByIdempotencyKey(idempotencyKey);
            if (existing.isPresent()) {
                return replay(existing.get(), idempotencyKey, fingerprint);
            }
            try {
                return new CreatedPayment(transactions.execute(status -> insert(idempotencyKey, fingerprint, request)),
                        false);
            } catch (CardTokenRefusedException e) {
                // a concurrent request with the same key may have used the token for its payment: answer with it
                Optional<Payment> winner = store.findByIdempotencyKey(idempotencyKey);
                if (winner.isPresent()) {
                    return replay(winner.get(), idempotencyKey, fingerprint);
                }
                throw e;
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                // most likely a concurrent request with the same key won: answer with its payment
                Optional<Payment> winner = awaitIdempotencyKey(idempotencyKey);
                if (winner.isPresent()) {
                    log.debug("Idempotency-Key {} was used by a concurrent request: answering with its payment {}",
                            idempotencyKey, winner.get().id());
                    return replay(winner.get(), idempotencyKey, fingerprint);
                }
                if (attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
                log.warn("Creating a payment failed (attempt {}), trying again: {}", attempt, e.getMessage());
            }
        }
    }

    public Payment get(String id) {
        return store.find(id).orElseThrow(() -> new PaymentNotFoundException(id));
    }

    /**
     * Cancels (voids) a pending or authorized payment; it is never authorized afterwards. Cancelling again is fine.
     *
     * @throws PaymentConflictException when the payment was declined
     */
    public Payment cancel(String id) {
        return transactions.execute(status -> {
            Payment before = get(id);
            if (before.status() != PaymentStatus.CANCELLED && !store.cancel(id, now())) {
                Payment current = get(id);
                if (current.status() != PaymentStatus.CANCELLED) {
                    throw new PaymentConflictException("Payment " + id + " is " + current.status()
                            + " and cannot be cancelled");
                }
            }
            Payment cancelled = get(id);
            if (before.status() != PaymentStatus.CANCELLED) {
                log.info("Payment {} ({}) cancelled by the merchant", id, before.status());
            }
            return cancelled;
        });
    }

    /**
     * The bank reports that the customer's transfer arrived: the payment is authorized and the merchant told, once.
     *
     * @throws PaymentConflictException for a card payment or a cancelled transfer
     */
    public Payment transferReceived(String id) {
        return transactions.execute(status -> {
            Payment payment = get(id);
            if (payment.method() != PaymentMethod.MONEY_TRANSFER) {
                throw new PaymentConflictException("Payment " + id + " is a " + payment.method()
                        + " payment, not a money transfer");
            }
            if (store.acceptTransfer(id, now())) {
                Payment accepted = get(id);
                facts.publish(accepted.transferAccepted(), accepted.correlationKey());
                return accepted;
            }
            Payment current = get(id);
            if (current.status() != PaymentStatus.AUTHORIZED) {
                throw new PaymentConflictException("Payment " + id + " is " + current.status()
                        + " and cannot receive a transfer");
            }
            return current;
        });
    }

    /**
     * How many payments are in each status and what they amount to.
     *
     * @param createdFrom only payments created at or after this instant (to the millisecond, the precision payment
     *        times are kept in); null for all of them
     */
    public PaymentSummary summary(Instant createdFrom) {
        Instant from = createdFrom == null ? null : createdFrom.truncatedTo(ChronoUnit.MILLIS);
        return PaymentSummary.of(from, store.totals(from));
    }

    private Payment insert(String idempotencyKey, String fingerprint, PaymentRequest request) {
        Instant now = now();
        String id = Ids.payment();
        Payment payment = switch (request.method()) {
            case CARD -> {
                CardToken card = cards.find(request.cardToken()).orElseThrow(() -> new InvalidRequestException(
                        "invalid-payment", "The payment request is not valid",
                        Map.of("cardToken", "is not a card token issued here")));
                if (card.reference() != null && !card.reference().equals(request.reference())) {
                    log.warn("Card token {} was issued for reference {} but pays reference {}: refused", card.token(),
                            card.reference(), request.reference());
                    throw new CardTokenRefusedException("card-token-other-payment", "The card token was issued for"
                            + " another payment than the one with reference " + request.reference());
                }
                if (!cards.use(card.token(), id)) {
                    log.warn("Card token {} paid a payment already; a second payment (reference {}) is refused",
                            card.token(), request.reference());
                    throw new CardTokenRefusedException("card-token-used",
                            "The card token paid a payment already; tokenize the card again to pay again");
                }
                yield new Payment(id, idempotencyKey, fingerprint, PaymentMethod.CARD, PaymentStatus.PENDING,
                        request.amount(), request.currency(), request.reference(), request.correlationKey(),
                        request.description(), card.token(), card.brand().name(), card.last4(), null, null, null,
                        now.plus(properties.authorizationDelay()), now, now);
            }
            case MONEY_TRANSFER -> {
                PaymentsProperties.MoneyTransfer settings = properties.moneyTransfer();
                TransferInstructions transfer = new TransferInstructions(settings.beneficiary(), settings.iban(),
                        settings.bic(), Ids.transferReference(), now.plus(settings.dueAfter()));
                Instant acceptAt = settings.autoAccepts() ? now.plus(settings.autoAcceptAfter()) : null;
                yield new Payment(id, idempotencyKey, fingerprint, PaymentMethod.MONEY_TRANSFER, PaymentStatus.PENDING,
                        request.amount(), request.currency(), request.reference(), request.correlationKey(),
                        request.description(), null, null, null, transfer, null, null, acceptAt, now, now);
            }
        };
        store.insert(payment);
        facts.publish(payment.received(), payment.correlationKey());
        log.debug("Payment {} ({} {} {}) received for reference {}", id, payment.method(), payment.amount(),
                payment.currency(), payment.reference());
        return payment;
    }

    private static CreatedPayment replay(Payment payment, String idempotencyKey, String fingerprint) {
        if (!payment.requestHash().equals(fingerprint)) {
            throw new IdempotencyKeyReusedException(idempotencyKey);
        }
        return new CreatedPayment(payment, true);
    }

    private Optional<Payment> awaitIdempotencyKey(String idempotencyKey) {
        Instant deadline = Instant.now().plus(RACE_WAIT);
        while (true) {
            Optional<Payment> payment = store.findByIdempotencyKey(idempotencyKey);
            if (payment.isPresent() || Instant.now().isAfter(deadline)) {
                return payment;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static void checkIdempotencyKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new InvalidRequestException("missing-idempotency-key",
                    "Send an Idempotency-Key header: a repeated request with the same key has no second effect",
                    Map.of("Idempotency-Key", "is required"));
        }
        if (idempotencyKey.length() > IDEMPOTENCY_KEY_MAX_LENGTH) {
            throw new InvalidRequestException("invalid-idempotency-key", "The Idempotency-Key is too long",
                    Map.of("Idempotency-Key", "must be at most " + IDEMPOTENCY_KEY_MAX_LENGTH + " characters"));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
