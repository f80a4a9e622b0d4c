package io.concertsale.tickets.config;

import io.concertsale.tickets.inventory.AvailabilityReporter;
import io.concertsale.tickets.payment.PaymentPoller;
import io.concertsale.tickets.payment.ProviderCalls;
import io.concertsale.tickets.reservation.ExpirySweeper;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The service's periodic jobs, at the intervals its settings give: the expiry sweeper, the availability reporter,
 * the payment poll and the sweep for calls to the payment provider that are due. Each runs at a fixed rate on its own
 * thread and skips a turn while its previous run is still busy, so a slow provider never holds up expiry.
 */
@Configuration(proxyBeanMethods = false)
public class TicketsScheduling implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TicketsScheduling.class);

    private final TicketsProperties properties;
    private final ExpirySweeper sweeper;
    private final AvailabilityReporter availability;
    private final PaymentPoller poller;
    private final ProviderCalls calls;

    public TicketsScheduling(TicketsProperties properties, ExpirySweeper sweeper, AvailabilityReporter availability,
            PaymentPoller poller, ProviderCalls calls) {
        this.properties = properties;
        this.sweeper = sweeper;
        this.availability = availability;
        this.poller = poller;
        this.calls = calls;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedRateTask(oneAtATime("expiry sweep", sweeper::sweep), properties.expiry().sweepInterval());
        registrar.addFixedRateTask(oneAtATime("availability report", availability::report),
                properties.availability().interval());
        registrar.addFixedRateTask(oneAtATime("payment poll", poller::poll), properties.payments().pollInterval());
        registrar.addFixedRateTask(oneAtATime("provider call sweep", calls::sweep),
                properties.payments().sweepInterval());
    }

    private static Runnable oneAtATime(String name, Runnable job) {
        AtomicBoolean busy = new AtomicBoolean();
        return () -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("The {} failed; it runs again at its next turn", name, e);
            } finally {
                busy.set(false);
            }
        };
    }
}
