package io.concertsale.tickets.payment;

import io.concertsale.tickets.config.TicketsProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Makes the calls to the payment provider that checkouts and cancellations ask for, never inside a transaction and
 * never with a row locked: a slow or unavailable provider slows payments down and holds up nothing else (no
 * connection of the pool, no event handler, no other reservation).
 *
 * <ul>
 * <li>A call starts once the transaction that asked for it committed (a {@link ProviderWork} event), and the
 *     periodic {@link #sweep()} starts every call that is due and not under way here: retries, and whatever a
 *     stopped process left behind. The database row is what makes a call happen; the event only makes it sooner.</li>
 * <li>At most {@code tickets.payments.concurrency} calls run at once; the others wait for their turn.</li>
 * <li>Each attempt is claimed in the database before the call (a conditional update that makes the row due again
 *     only after the call's longest duration, {@code connect-timeout + read-timeout}, and a margin), so no other
 *     worker, here or in another instance, makes the same call meanwhile, and a call whose process died is made again
 *     once its claim ran out. Repeating a call is safe: a creation carries the checkout's idempotency key, and
 *     cancelling twice cancels once.</li>
 * <li>The provider unavailable: the call is made again after a backoff (0.5 s, doubling up to 30 s), for as long as
 *     it takes. Refused: the checkout is refused (the customer is told), or the cancellation is given up with a
 *     warning.</li>
 * <li>Each answer is recorded in a short transaction of its own ({@link Payments#created}, {@link Payments#refused}).
 *     A checkout whose hold ended before the provider was ever asked is given up without a call.</li>
 * </ul>
 */
@Component
public class ProviderCalls implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    /** How much longer than a call's longest duration its claim lasts. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CheckoutStore checkouts;
    private final CancellationStore cancellations;
    private final Payments payments;
    private final PaymentPoller poller;
    private final PaymentProvider provider;
    private final Clock clock;
    private final Duration claim;
    private final int batchSize;
    private final Semaphore turns;
    private final Set<ProviderWork> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    public ProviderCalls(CheckoutStore checkouts, CancellationStore cancellations, Payments payments,
            PaymentPoller poller, PaymentProvider provider, Clock clock, TicketsProperties properties) {
        this.checkouts = checkouts;
        this.cancellations = cancellations;
        this.payments = payments;
        this.poller = poller;
        this.provider = provider;
        this.clock = clock;
        TicketsProperties.Payments settings = properties.payments();
        this.claim = settings.connectTimeout().plus(settings.readTimeout()).plus(CLAIM_MARGIN);
        this.batchSize = settings.concurrency();
        this.turns = new Semaphore(settings.concurrency(), true);
    }

    /** A committed transaction asked for a call: it starts now (or as soon as a turn is free). */
    @TransactionalEventListener(fallbackExecution = true)
    public void wanted(ProviderWork work) {
        submit(work);
    }

    /**
     * Starts the calls that are due and not under way here, a batch of each kind.
     *
     * @return how many it started
     */
    public int sweep() {
        if (!running) {
            return 0;
        }
        Instant now = clock.instant();
        int started = 0;
        for (String id : checkouts.due(now, batchSize)) {
            started += submit(new ProviderWork.Creation(id)) ? 1 : 0;
        }
        for (String id : cancellations.due(now, batchSize)) {
            started += submit(new ProviderWork.Cancellation(id)) ? 1 : 0;
        }
        return started;
    }

    private boolean submit(ProviderWork work) {
        if (!running || !queued.add(work)) {
            return false;
        }
        try {
            threads.execute(() -> run(work));
            return true;
        } catch (RejectedExecutionException stopping) {
            queued.remove(work);
            return false;
        }
    }

    private void run(ProviderWork work) {
        try {
            turns.acquire();
            try {
                switch (work) {
                    case ProviderWork.Creation creation -> create(creation.checkoutId());
                    case ProviderWork.Cancellation cancellation -> cancel(cancellation.paymentId());
                }
            } finally {
                turns.release();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("{} failed; it is tried again once due", work, e);
        } finally {
            queued.remove(work);
        }
    }

    private void create(String checkoutId) {
        Instant now = clock.instant();
        Optional<Checkout> found = checkouts.find(checkoutId);
        if (found.isEmpty() || found.get().status() != CheckoutStatus.CREATING
                || found.get().nextAttemptAt().isAfter(now)) {
            return;
        }
        Checkout checkout = found.get();
        if (payments.abandonIfHoldEnded(checkout)
                || !checkouts.claim(checkoutId, checkout.attempts(), now, now.plus(claim))) {
            return;
        }
        ProviderPayment created;
        try {
            created = provider.create(checkout.order(), checkout.id());
        } catch (PaymentRefusedException e) {
            payments.refused(checkout, e.reason());
            return;
        } catch (PaymentProviderUnavailableException e) {
            if (!stopping()) {
                Instant failedAt = clock.instant();
                checkouts.retryAt(checkoutId, failedAt.plus(retryAfter(checkout.attempts() + 1,
                        "Creating the payment of checkout " + checkoutId, e)), e.getMessage(), failedAt);
            }
            return;
        }
        if (payments.created(checkout, created)) {
            try {
                poller.ask(created.id());
            } catch (PaymentProviderUnavailableException e) {
                log.info("Could not ask the provider about payment {} now; the poll asks later: {}", created.id(),
                        e.getMessage());
            }
        }
    }

    private void cancel(String paymentId) {
        Instant now = clock.instant();
        Optional<CancellationStore.Cancellation> found = cancellations.find(paymentId);
        if (found.isEmpty() || found.get().nextAttemptAt().isAfter(now)
                || !cancellations.claim(paymentId, found.get().attempts(), now, now.plus(claim))) {
            return;
        }
        try {
            provider.cancel(paymentId);
            log.info("Payment {} is cancelled at the provider ({})", paymentId, found.get().reason());
        } catch (PaymentRefusedException e) {
            log.warn("The provider refused to cancel payment {}: {}", paymentId, e.reason());
        } catch (PaymentProviderUnavailableException e) {
            if (!stopping()) {
                cancellations.retryAt(paymentId, clock.instant().plus(retryAfter(found.get().attempts() + 1,
                        "Cancelling payment " + paymentId, e)), e.getMessage());
            }
            return;
        }
        cancellations.done(paymentId);
    }

    /**
     * True when the call failed because the service is stopping (its thread was interrupted): nothing is recorded,
     * and the call is made again once its claim ran out.
     */
    private boolean stopping() {
        return !running || Thread.currentThread().isInterrupted();
    }

    /** The backoff before attempt {@code failed + 1}; logged on the first failure and every tenth. */
    private static Duration retryAfter(int failed, String action, PaymentProviderUnavailableException e) {
        Duration backoff = Duration.ofMillis(Math.min(FIRST_BACKOFF.toMillis() << Math.min(failed - 1, 16),
                MAX_BACKOFF.toMillis()));
        if (failed == 1 || failed % 10 == 0) {
            log.warn("{} failed (attempt {}); trying again in {}: {}", action, failed, backoff, e.getMessage());
        }
        return backoff;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops starting calls and interrupts those under way; what they leave is due again after their claim. */
    @Override
    public void stop() {
        running = false;
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Calls to the payment provider were still running at shutdown; they are made again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the web server, so every event it accepted may still ask for calls. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
