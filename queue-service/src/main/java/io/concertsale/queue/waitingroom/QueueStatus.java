package io.concertsale.queue.waitingroom;

/**
 * The waiting room's counters, for operators.
 *
 * @param saleId null until the first sale opens
 * @param waiting customers waiting
 * @param admittedTotal customers admitted since the sale opened
 * @param active admitted customers not finished yet
 * @param closed the queue closed because every ticket is sold
 * @param ticketsAvailable tickets available in the latest snapshot; null until one arrived
 */
public record QueueStatus(
        String saleId,
        long waiting,
        long admittedTotal,
        long active,
        double ratePerSecond,
        int maxActiveShoppers,
        boolean paused,
        boolean closed,
        int holdSeconds,
        Long ticketsAvailable) {
}
