package io.concertsale.payments.config;

import io.concertsale.payments.payment.PaymentProcessor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the {@link PaymentProcessor} every {@code payments.processor.poll-interval} while the service runs. */
@Component
class ProcessorSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorSchedule.class);

    private final PaymentProcessor processor;
    private final PaymentsProperties properties;
    private ScheduledExecutorService executor;

    ProcessorSchedule(PaymentProcessor processor, PaymentsProperties properties) {
        this.processor = processor;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("payment-processor")
                .factory());
        long interval = properties.processor().pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private void run() {
        try {
            int settled;
            do {
                settled = processor.processDue();
            } while (settled == properties.processor().batchSize()); // a full batch: more may be due right away
        } catch (RuntimeException e) {
            // keep the schedule alive: the payments stay due and the next run tries again
            log.warn("Settling due payments failed; trying again in {}", properties.processor().pollInterval(), e);
        }
    }
}
