package io.concertsale.queue.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The waiting room's settings ({@code queue.*}). The admission rate, cap and pause come with the sale's events, not
 * from here.
 *
 * @param admission how the admission ticker runs
 */
@ConfigurationProperties("queue")
public record QueueProperties(@DefaultValue Admission admission) {

    /**
     * @param tick how often the admission pass runs
     * @param tokenTtl how long an admission token is valid after admission
     * @param expiryGrace how long after its token expired an admitted customer without a reservation is freed
     * @param maxEta the longest estimated wait reported
     * @param gapWait how long a join number that has not arrived holds back the numbers after it (joins reach the
     *        queue in any order); then admission goes on without it, and admits it next should it arrive after all
     * @param tickerEnabled false to run no passes on a schedule (tests drive them)
     * @param lease how long the admission lease lasts after a pass of the instance that holds it: when that instance
     *        dies, another one takes admission over after at most this long
     */
    public record Admission(
            @DefaultValue("200ms") Duration tick,
            @DefaultValue("10m") Duration tokenTtl,
            @DefaultValue("30s") Duration expiryGrace,
            @DefaultValue("24h") Duration maxEta,
            @DefaultValue("5s") Duration gapWait,
            @DefaultValue("true") boolean tickerEnabled,
            @DefaultValue("3s") Duration lease) {
    }
}
