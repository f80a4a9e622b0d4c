package io.concertsale.queue.config;

import io.concertsale.eventkit.schedule.PeriodicJob;
import io.concertsale.queue.waitingroom.Admissions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The queue's periodic work, run by event-kit's one scheduling mechanism ({@link PeriodicJob}). */
@Configuration(proxyBeanMethods = false)
class QueueJobs {

    /**
     * The admission pass, every {@code queue.admission.tick}, on every instance (the one holding the admission lease
     * admits). {@code queue.admission.ticker-enabled=false} leaves the passes to the caller: tests drive
     * {@link Admissions#tick()} themselves.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "queue.admission.ticker-enabled", matchIfMissing = true)
    PeriodicJob admissionPass(Admissions admissions, QueueProperties properties) {
        return PeriodicJob.every(properties.admission().tick(), "admission pass", admissions::tick)
                .startingAfter(properties.admission().tick());
    }
}
