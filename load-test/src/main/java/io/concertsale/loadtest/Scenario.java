package io.concertsale.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
 * @param timeout how long the run may take
 * @param seed makes the customers' choices repeatable
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
        long seed,
        int runs) {

    /** The first scenario of the performance report: 10,000 customers, 2,000 tickets. */
    public static Scenario defaults(URI gateway, String adminPassword) {
        return new Scenario(gateway, adminPassword, 10_000, 2_000, true, 200, 1_000, 120, 10, 4, 1_000, 0.1,
                Duration.ofMinutes(10), 42, 1);
    }

    /** Reads {@code --name=value} arguments over the defaults. */
    public static Scenario parse(String[] args, Map<String, String> environment) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String password = options.getOrDefault("admin-password", environment.get("SALE_ADMIN_PASSWORD"));
        Scenario base = defaults(URI.create(options.getOrDefault("url", "http://localhost:8080")), password);
        Scenario scenario = new Scenario(
                base.gateway(),
                password,
                intOption(options, "customers", base.customers()),
                intOption(options, "tickets", base.tickets()),
                Boolean.parseBoolean(options.getOrDefault("reset", String.valueOf(base.reset()))),
                doubleOption(options, "admission-rate", base.admissionRate()),
                intOption(options, "max-active", base.maxActiveShoppers()),
                intOption(options, "hold-seconds", base.holdSeconds()),
                intOption(options, "max-per-customer", base.maxPerCustomer()),
                intOption(options, "max-quantity", base.maxQuantity()),
                doubleOption(options, "arrival-rate", base.arrivalRate()),
                doubleOption(options, "decline-ratio", base.declineRatio()),
                Duration.ofSeconds(intOption(options, "timeout-seconds", (int) base.timeout().toSeconds())),
                Long.parseLong(options.getOrDefault("seed", String.valueOf(base.seed()))),
                intOption(options, "runs", base.runs()));
        options.keySet().removeAll(java.util.Set.of("url", "admin-password", "customers", "tickets", "reset",
                "admission-rate", "max-active", "hold-seconds", "max-per-customer", "max-quantity", "arrival-rate",
                "decline-ratio", "timeout-seconds", "seed", "runs"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + options.keySet());
        }
        if (scenario.runs() > 1 && !scenario.reset()) {
            throw new IllegalArgumentException("Several runs need a fresh sale each: --reset=true");
        }
        if (scenario.reset() && (password == null || password.isBlank())) {
            throw new IllegalArgumentException("Resetting the sale needs the admin password: --admin-password=... "
                    + "or SALE_ADMIN_PASSWORD (the launcher prints it)");
        }
        return scenario;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    private static double doubleOption(Map<String, String> options, String name, double fallback) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : fallback;
    }
}
