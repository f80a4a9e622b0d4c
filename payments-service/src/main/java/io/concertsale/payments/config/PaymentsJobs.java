package io.concertsale.payments.config;

import io.concertsale.eventkit.schedule.PeriodicJob;
import io.concertsale.payments.payment.PaymentProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provider's periodic work, run by event-kit's one scheduling mechanism ({@link PeriodicJob}). */
@Configuration(proxyBeanMethods = false)
class PaymentsJobs {

    /**
     * Settles the payments whose processing delay is over, every {@code payments.processor.poll-interval}; a full
     * batch means more may be due right away, so the turn takes the next one at once.
     */
    @Bean
    PeriodicJob paymentSettlement(PaymentProcessor processor, PaymentsProperties properties) {
        PaymentsProperties.Processor settings = properties.processor();
        return PeriodicJob.every(settings.pollInterval(), "settlement of due payments", () -> {
            int settled;
            do {
                settled = processor.processDue();
            } while (settled == settings.batchSize());
        }).startingAfter(settings.pollInterval());
    }
}
