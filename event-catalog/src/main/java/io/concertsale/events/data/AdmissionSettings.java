package io.concertsale.events.data;

/**
 * How the waiting room admits customers.
 *
 * @param ratePerSecond customers admitted per second
 * @param maxActiveShoppers cap on customers admitted and not yet done (bought, left, rejected, expired)
 * @param paused when true nobody is admitted
 */
public record AdmissionSettings(double ratePerSecond, int maxActiveShoppers, boolean paused) {
}
