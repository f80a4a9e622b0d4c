package io.concertsale.loadtest;

import java.net.URI;
import java.time.Duration;

/**
 * What to simulate.
 *
 * @param gateway the frontend-gateway of a running sale
 * @param adminPassword the backoffice password, to reset the sale and read its counters
 * @param customers how many fans
 * @param tickets the inventory (one ticket type, GENERAL), when {@code reset}
 * @param reset open a fresh sale with this scenario's inventory and admission before the run
 * @param admissionRate customers admitted per second
 * @param maxActiveShoppers cap on customers buying at once
 * @param holdSeconds how long a reservation holds
 * @param maxPerCustomer tickets a customer may buy; each buys 1..maxQuantity
 * @param maxQuantity the most a simulated customer asks for
 * @param arrivalRate customers joining per second (0: all at once, as fast as the client goes)
 * @param declineRatio share of buyers whose first card is declined (they pay again with a good one)
 * @param timeout how long the run may take: the fans' deadline, retries included
 * @param settle how long the check at the end waits for the sale to come to rest (held tickets, pending payments)
 * @param seed makes the customers' choices (and the chaos mode's kills) repeatable
 * @param runs how many times to run the scenario (each on a freshly opened sale); the report gives the medians
 */
public record Scenario(
        URI gateway,
        String adminPassword,
        int customers,
        int tickets,
        boolean reset,
        double admissionRate,
        int maxActiveShoppers,
        int holdSeconds,
        int maxPerCustomer,
        int maxQuantity,
        double arrivalRate,
        double declineRatio,
        Duration timeout,
        Duration settle,
        long seed,
        int runs) {

    /** The first scenario of the performance report: 10,000 customers, 2,000 tickets. */
    public static Scenario defaults(URI gateway, String adminPassword) {
        return new Scenario(gateway, adminPassword, 10_000, 2_000, true, 200, 1_000, 120, 10, 4, 1_000, 0.1,
                Duration.ofMinutes(10), Duration.ofMinutes(1), 42, 1);
    }

    /** Takes the scenario's options over the defaults. */
    static Scenario from(Arguments args, String password) {
        Scenario base = defaults(URI.create(args.take("url", "http://localhost:8080")), password);
        Scenario scenario = new Scenario(
                base.gateway(),
                password,
                args.takeInt("customers", base.customers()),
                args.takeInt("tickets", base.tickets()),
                args.takeBoolean("reset", base.reset()),
                args.takeDouble("admission-rate", base.admissionRate()),
                args.takeInt("max-active", base.maxActiveShoppers()),
                args.takeInt("hold-seconds", base.holdSeconds()),
                args.takeInt("max-per-customer", base.maxPerCustomer()),
                args.takeInt("max-quantity", base.maxQuantity()),
                args.takeDouble("arrival-rate", base.arrivalRate()),
                args.takeDouble("decline-ratio", base.declineRatio()),
                args.takeSeconds("timeout-seconds", base.timeout()),
                args.takeSeconds("settle-seconds", base.settle()),
                args.takeLong("seed", base.seed()),
                args.takeInt("runs", base.runs()));
        if (scenario.runs() > 1 && !scenario.reset()) {
            throw new IllegalArgumentException("Several runs need a fresh sale each: --reset=true");
        }
        if (scenario.reset() && (password == null || password.isBlank())) {
            throw new IllegalArgumentException("Resetting the sale needs the admin password: --admin-password=... "
                    + "or SALE_ADMIN_PASSWORD (the launcher prints it)");
        }
        return scenario;
    }

    /** The same scenario against a sale at another address. */
    Scenario at(URI otherGateway) {
        return new Scenario(otherGateway, adminPassword, customers, tickets, reset, admissionRate, maxActiveShoppers,
                holdSeconds, maxPerCustomer, maxQuantity, arrivalRate, declineRatio, timeout, settle, seed, runs);
    }
}
