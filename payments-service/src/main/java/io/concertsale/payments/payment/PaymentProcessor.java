package io.concertsale.payments.payment;

import io.concertsale.payments.Ids;
import io.concertsale.payments.card.CardToken;
import io.concertsale.payments.card.CardTokenizer;
import io.concertsale.payments.config.PaymentsProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles pending payments when their time comes: a card is authorized or declined (as its token decided), a
 * money transfer is accepted automatically. The schedule lives in the database ({@code process_at}), so a restart
 * carries on where it stopped; every settlement is a conditional update, so two processors never settle one
 * payment twice and a cancelled payment is never authorized.
 */
@Service
public class PaymentProcessor {

    private static final Logger log = LoggerFactory.getLogger(PaymentProcessor.class);

    private final PaymentStore store;
    private final PaymentFacts facts;
    private final CardTokenizer cards;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final int batchSize;

    public PaymentProcessor(PaymentStore store, PaymentFacts facts, CardTokenizer cards, Clock clock,
            TransactionTemplate transactions, PaymentsProperties properties) {
        this.store = store;
        this.facts = facts;
        this.cards = cards;
        this.clock = clock;
        this.transactions = transactions;
        this.batchSize = properties.processor().batchSize();
    }

    /** Settles the payments that are due now; returns how many were looked at. */
    public int processDue() {
        return processDue(clock.instant());
    }

    /** Settles the payments due at {@code now}; returns how many were looked at. */
    public int processDue(Instant now) {
        List<String> due = store.due(now, batchSize);
        for (String id : due) {
            transactions.executeWithoutResult(status -> settle(id, now.truncatedTo(ChronoUnit.MILLIS)));
        }
        return due.size();
    }

    private void settle(String id, Instant now) {
        Payment payment = store.find(id).orElseThrow(() -> new PaymentNotFoundException(id));
        if (payment.status() != PaymentStatus.PENDING) {
            return;
        }
        switch (payment.method()) {
            case CARD -> {
                String declineReason = cards.find(payment.cardToken()).map(CardToken::declineReason).orElse(null);
                if (declineReason == null) {
                    if (store.authorize(id, Ids.authorizationCode(), now)) {
                        tell(id, Payment::authorized);
                        log.debug("Payment {} authorized", id);
                    }
                } else if (store.decline(id, declineReason, now)) {
                    tell(id, Payment::declined);
                    log.debug("Payment {} declined: {}", id, declineReason);
                }
            }
            case MONEY_TRANSFER -> {
                if (store.acceptTransfer(id, now)) {
                    tell(id, Payment::transferAccepted);
                    log.debug("Money transfer {} accepted automatically", id);
                }
            }
        }
    }

    /** States the fact about the settled payment, as it now stands, correlated by the merchant's key. */
    private void tell(String id, Function<Payment, Record> fact) {
        Payment settled = store.find(id).orElseThrow();
        facts.publish(fact.apply(settled), settled.correlationKey());
    }
}
