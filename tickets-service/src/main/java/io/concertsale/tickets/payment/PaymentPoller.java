package io.concertsale.tickets.payment;

import io.concertsale.tickets.config.TicketsProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The fallback for outcome events that do not come: asks the provider about payments pending longer than
 * {@code tickets.payments.poll-after} (each at most once per that time) and applies what it says exactly as if
 * the event had arrived. The provider is asked outside any transaction; each answer is applied in a short one.
 */
@Component
public class PaymentPoller {

    private static final Logger log = LoggerFactory.getLogger(PaymentPoller.class);

    private final PaymentStore store;
    private final PaymentProvider provider;
    private final PaymentOutcomes outcomes;
    private final Clock clock;
    private final TicketsProperties.Payments settings;

    public PaymentPoller(PaymentStore store, PaymentProvider provider, PaymentOutcomes outcomes, Clock clock,
            TicketsProperties properties) {
        this.store = store;
        this.provider = provider;
        this.outcomes = outcomes;
        this.clock = clock;
        this.settings = properties.payments();
    }

    /**
     * Asks about the payments that are due.
     *
     * @return how many the provider was asked about
     */
    public int poll() {
        Instant now = clock.instant();
        List<Payment> due = store.dueForPoll(now.minus(settings.pollAfter()), settings.pollBatchSize());
        int asked = 0;
        for (Payment payment : due) {
            try {
                ask(payment.id());
                asked++;
            } catch (PaymentProviderUnavailableException e) {
                log.warn("Could not ask the provider about pending payments: {}", e.getMessage());
                break;
            } catch (RuntimeException e) {
                log.warn("Could not apply the provider's answer about payment {}; the next poll asks again",
                        payment.id(), e);
            }
        }
        return asked;
    }

    /**
     * Asks the provider about one payment now and applies the answer.
     *
     * @throws PaymentProviderUnavailableException when the provider could not be asked; the poll asks again later
     */
    public void ask(String paymentId) {
        store.markPolled(paymentId, clock.instant());
        Optional<ProviderPayment> reported = provider.find(paymentId);
        if (reported.isEmpty()) {
            outcomes.unknownAtProvider(paymentId);
        } else {
            outcomes.apply(reported.get());
        }
    }
}
