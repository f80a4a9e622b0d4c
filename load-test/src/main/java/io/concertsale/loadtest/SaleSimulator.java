package io.concertsale.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Drives N simulated fans through the gateway API of a running sale and reports purchases per second, FIFO
 * violations, oversell, latency and errors.
 *
 * <pre>load-test/run --url=http://localhost:8080 --admin-password=... --customers=10000 --tickets=2000</pre>
 */
public final class SaleSimulator {

    private static final Logger log = LoggerFactory.getLogger(SaleSimulator.class);
    private static final int MAX_STARTS_IN_FLIGHT = 256;

    private final Scenario scenario;
    private final GatewayClient gateway;

    public SaleSimulator(Scenario scenario) {
        this.scenario = scenario;
        this.gateway = new GatewayClient(scenario.gateway(), scenario.adminPassword());
    }

    public static void main(String[] args) throws Exception {
        Scenario scenario = Scenario.parse(args, System.getenv());
        List<SaleReport> reports = new ArrayList<>();
        for (int run = 1; run <= scenario.runs(); run++) {
            SaleReport report = new SaleSimulator(scenario).run();
            log.info("\nRun {} of {}\n{}", run, scenario.runs(), report.text());
            reports.add(report);
        }
        if (reports.size() > 1) {
            log.info("\n{}", SaleReport.medians(reports));
        }
        Path json = Path.of("target", "sale-report.json");
        Files.createDirectories(json.getParent());
        var runs = GatewayClient.JSON.createArrayNode();
        reports.forEach(report -> runs.add(report.json()));
        Files.writeString(json, runs.toPrettyString());
        log.info("Report written to {}", json.toAbsolutePath());
        System.exit(reports.stream().anyMatch(SaleReport::oversold) ? 2 : 0);
    }

    /** Runs the scenario and reports on it. */
    public SaleReport run() throws InterruptedException {
        long startNanos = System.nanoTime();
        String ticketType = prepareSale();
        Random random = new Random(scenario.seed());
        CountDownLatch done = new CountDownLatch(scenario.customers());
        List<SimulatedCustomer> customers = new ArrayList<>(scenario.customers());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        progress.scheduleAtFixedRate(() -> logProgress(customers, scenario.customers(), done), 2, 2, TimeUnit.SECONDS);
        Semaphore starting = new Semaphore(MAX_STARTS_IN_FLIGHT);
        try {
            for (int i = 0; i < scenario.customers(); i++) {
                pace(startNanos, i);
                SimulatedCustomer customer = new SimulatedCustomer(gateway, ticketType,
                        1 + random.nextInt(Math.max(1, scenario.maxQuantity())),
                        random.nextDouble() < scenario.declineRatio(), done);
                synchronized (customers) {
                    customers.add(customer);
                }
                starting.acquire();
                customer.start().whenComplete((ignored, failure) -> starting.release());
            }
            if (!done.await(scenario.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} customers had not finished after {}: {}", done.getCount(), scenario.timeout(),
                        customers.stream().filter(c -> !c.isFinished()).limit(20).map(c -> c.sessionId).toList());
            }
        } finally {
            progress.shutdownNow();
        }
        JsonNode counters = scenario.adminPassword() == null ? null : gateway.saleCounters();
        int inventory = scenario.reset() ? scenario.tickets() : counters == null ? 0 : counters.path("sold").asInt()
                + counters.path("remaining").asInt() + counters.path("reserved").asInt();
        return SaleReport.of(customers, inventory, counters, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private String prepareSale() throws InterruptedException {
        if (!scenario.reset()) {
            return gateway.ticketTypes().join().get(0).path("type").asString();
        }
        JsonNode sale = gateway.openSale(scenario);
        log.info("Opened sale {}: {} customers for {} tickets, admission {}/s, at most {} shopping", sale.path("saleId")
                .asString(), scenario.customers(), scenario.tickets(), scenario.admissionRate(), scenario.maxActiveShoppers());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode types = gateway.ticketTypes().join();
            if (types.size() == 1 && "GENERAL".equals(types.get(0).path("type").asString())
                    && types.get(0).path("available").asInt() == scenario.tickets()) {
                return "GENERAL";
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The new sale did not show up in /api/ticket-types within 30 s");
    }

    private void pace(long startNanos, int index) throws InterruptedException {
        if (scenario.arrivalRate() <= 0) {
            return;
        }
        long due = startNanos + (long) (index / scenario.arrivalRate() * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void logProgress(List<SimulatedCustomer> customers, int total, CountDownLatch done) {
        int started;
        int admitted = 0;
        int completed = 0;
        int errors = 0;
        synchronized (customers) {
            started = customers.size();
            for (SimulatedCustomer customer : customers) {
                if (customer.admittedSeenNanos != 0) {
                    admitted++;
                }
                if ("COMPLETED".equals(customer.finalStage)) {
                    completed++;
                }
                if (customer.error != null) {
                    errors++;
                }
            }
        }
        log.info("joined {}, admitted {}, bought {}, finished {}, errors {}", started, admitted, completed,
                total - done.getCount(), errors);
    }
}
