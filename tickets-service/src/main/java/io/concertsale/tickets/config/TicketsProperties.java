package io.concertsale.tickets.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tickets service's settings ({@code tickets.*}).
 *
 * @param payments how the service talks to the payment provider
 * @param paymentGrace how long a reservation with a payment under way outlives its hold before it expires too
 * @param expiry how the expiry sweeper runs
 * @param availability how inventory snapshots are reported
 */
@ConfigurationProperties("tickets")
public record TicketsProperties(
        @DefaultValue Payments payments,
        @DefaultValue("60s") Duration paymentGrace,
        @DefaultValue Expiry expiry,
        @DefaultValue Availability availability) {

    /**
     * @param baseUrl the provider's address
     * @param apiKey the merchant's API key, sent as a bearer token; none when blank
     * @param connectTimeout connect timeout of a call to the provider
     * @param readTimeout response timeout of a call to the provider
     * @param pollAfter a payment still pending this long is asked about at the provider (and again after as long)
     * @param pollInterval how often the fallback poll looks for such payments
     * @param pollBatchSize payments asked about per poll
     * @param concurrency calls to create or cancel payments at the provider that run at once, at most (at least 1);
     *        none of them holds a database connection while it waits for the provider
     * @param sweepInterval how often creations and cancellations that are due are looked for: retries after the
     *        provider was unavailable, and those a stopped process left behind
     */
    public record Payments(
            @DefaultValue("http://localhost:8083") URI baseUrl,
            String apiKey,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout,
            @DefaultValue("10s") Duration pollAfter,
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("50") int pollBatchSize,
            @DefaultValue("16") int concurrency,
            @DefaultValue("1s") Duration sweepInterval) {

        public Payments {
            if (concurrency < 1) {
                throw new IllegalArgumentException("tickets.payments.concurrency must be at least 1");
            }
        }
    }

    /**
     * @param sweepInterval how often holds that ran out are looked for
     * @param batchSize holds expired per sweep at most
     */
    public record Expiry(@DefaultValue("500ms") Duration sweepInterval, @DefaultValue("500") int batchSize) {
    }

    /** @param interval the shortest time between two availability snapshots */
    public record Availability(@DefaultValue("250ms") Duration interval) {
    }
}
