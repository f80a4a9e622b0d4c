package io.concertsale.tickets.payment;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Payments that must not be paid (authorized after their hold ended, say). Wanting a cancellation only records it,
 * in the caller's transaction; {@link ProviderCalls} cancels at the provider once that transaction committed, outside
 * any transaction, and again until the provider confirmed. Wanting it twice changes nothing.
 */
@Component
public class Cancellations {

    private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

    private final CancellationStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Cancellations(CancellationStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** Records that the payment is to be cancelled at the provider. */
    public void want(String paymentId, String reason) {
        if (store.want(paymentId, reason, clock.instant())) {
            log.info("Payment {} is to be cancelled at the provider: {}", paymentId, reason);
            events.publishEvent(new ProviderWork.Cancellation(paymentId));
        }
    }
}
