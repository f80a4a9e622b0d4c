package io.concertsale.tickets.config;

import io.concertsale.eventkit.schedule.PeriodicJob;
import io.concertsale.tickets.inventory.AvailabilityReporter;
import io.concertsale.tickets.payment.PaymentPoller;
import io.concertsale.tickets.payment.ProviderCalls;
import io.concertsale.tickets.reservation.ExpirySweeper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's periodic jobs, at the intervals its settings give: the expiry sweeper, the availability reporter,
 * the payment poll and the sweep for calls to the payment provider that are due. event-kit's one scheduling
 * mechanism ({@link PeriodicJob}) runs each on its own thread and skips a turn while its previous run is still busy,
 * so a slow provider never holds up expiry.
 */
@Configuration(proxyBeanMethods = false)
public class TicketsJobs {

    @Bean
    PeriodicJob expirySweep(ExpirySweeper sweeper, TicketsProperties properties) {
        return PeriodicJob.every(properties.expiry().sweepInterval(), "expiry sweep", sweeper::sweep);
    }

    @Bean
    PeriodicJob availabilityReport(AvailabilityReporter availability, TicketsProperties properties) {
        return PeriodicJob.every(properties.availability().interval(), "availability report", availability::report);
    }

    @Bean
    PeriodicJob paymentPoll(PaymentPoller poller, TicketsProperties properties) {
        return PeriodicJob.every(properties.payments().pollInterval(), "payment poll", poller::poll);
    }

    @Bean
    PeriodicJob providerCallSweep(ProviderCalls calls, TicketsProperties properties) {
        return PeriodicJob.every(properties.payments().sweepInterval(), "provider call sweep", calls::sweep);
    }
}
