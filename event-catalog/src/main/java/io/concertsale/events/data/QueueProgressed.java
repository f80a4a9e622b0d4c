package io.concertsale.events.data;

import java.time.Instant;

/**
 * The waiting room moved on (sent at most once per admission tick, only when something changed).
 *
 * @param saleId the sale it is about: a consumer ignores reports about a sale a newer one replaced
 * @param waiting customers still waiting
 * @param admittedTotal customers admitted since the sale opened
 * @param activeShoppers admitted customers not yet done
 */
public record QueueProgressed(String saleId,
        long waiting, long admittedTotal, long activeShoppers, double ratePerSecond, boolean paused, Instant at) {
}
