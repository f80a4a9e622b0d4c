package io.concertsale.loadtest;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Drives N simulated fans through the gateway API of a sale and reports purchases per second, FIFO violations,
 * oversell, latency, errors and retries, then checks that the fans, the tickets service and the payment provider
 * agree. In chaos mode it runs the sale itself and kills it with SIGKILL at random moments.
 *
 * <pre>load-test/run --url=http://localhost:8080 --admin-password=... --customers=10000 --tickets=2000
 * load-test/chaos --customers=2000 --tickets=400 --chaos-kills=3</pre>
 */
public final class SaleSimulator {

    private static final Logger log = LoggerFactory.getLogger(SaleSimulator.class);
    private static final int MAX_STARTS_IN_FLIGHT = 256;
    private static final Duration SETTLE_POLL = Duration.ofSeconds(1);

    private final Scenario scenario;
    private final Merchant merchant;
    private final ChaosMonkey chaos;

    /** A run against a sale that runs already. */
    public SaleSimulator(Scenario scenario, Merchant merchant) {
        this(scenario, merchant, null);
    }

    private SaleSimulator(Scenario scenario, Merchant merchant, ChaosMonkey chaos) {
        this.scenario = scenario;
        this.merchant = merchant;
        this.chaos = chaos;
    }

    public static void main(String[] args) throws Exception {
        List<SaleReport> reports = simulate(SimulatorOptions.parse(args, System.getenv()));
        if (reports.size() > 1) {
            log.info("\n{}", SaleReport.medians(reports));
        }
        Path json = Path.of("target", "sale-report.json");
        Files.createDirectories(json.getParent());
        var runs = GatewayClient.JSON.createArrayNode();
        reports.forEach(report -> runs.add(report.json()));
        Files.writeString(json, runs.toPrettyString());
        log.info("Report written to {}", json.toAbsolutePath());
        System.exit(reports.stream().mapToInt(SaleReport::exitStatus).max().orElse(0));
    }

    /**
     * Runs what the options say: against a running sale (as many runs as asked), or on a sale the simulator launches,
     * and kills as often as asked, and stops at the end.
     */
    public static List<SaleReport> simulate(SimulatorOptions options) throws Exception {
        Scenario scenario = options.scenario();
        List<SaleReport> reports = new ArrayList<>();
        if (!options.chaos().launch()) {
            for (int run = 1; run <= scenario.runs(); run++) {
                reports.add(logged(new SaleSimulator(scenario, options.merchant()).run(), run, scenario.runs()));
            }
            return reports;
        }
        try (LauncherProcess launcher = LauncherProcess.start(options.chaos(), scenario.adminPassword())) {
            ChaosMonkey monkey = new ChaosMonkey(launcher, options.chaos(), scenario.adminPassword(), scenario.seed());
            reports.add(logged(new SaleSimulator(scenario.at(launcher.gateway()), launcher.merchant(), monkey).run(), 1,
                    1));
            log.info("The launcher's data and logs: {}", launcher.dataDir().toAbsolutePath());
        }
        return reports;
    }

    private static SaleReport logged(SaleReport report, int run, int runs) {
        log.info("\nRun {} of {}\n{}", run, runs, report.text());
        return report;
    }

    /** Runs the scenario and reports on it. */
    public SaleReport run() throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + scenario.timeout().toNanos();
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Retries retries = new Retries(deadlineNanos);
        GatewayClient gateway = new GatewayClient(scenario.gateway(), scenario.adminPassword(), retries);
        JsonNode ticketType = prepareSale(gateway);
        String type = ticketType.path("type").asString();
        Random random = new Random(scenario.seed());
        CountDownLatch done = new CountDownLatch(scenario.customers());
        List<SimulatedCustomer> customers = new ArrayList<>(scenario.customers());
        if (chaos != null) {
            chaos.start(startNanos, deadlineNanos, () -> (int) done.getCount());
        }
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        progress.scheduleAtFixedRate(() -> logProgress(customers, done, retries, gateway.following()), 2, 2,
                TimeUnit.SECONDS);
        Semaphore starting = new Semaphore(MAX_STARTS_IN_FLIGHT);
        List<Kill> kills;
        try {
            for (int i = 0; i < scenario.customers(); i++) {
                pace(startNanos, i);
                SimulatedCustomer customer = new SimulatedCustomer(gateway, type,
                        1 + random.nextInt(Math.max(1, scenario.maxQuantity())),
                        random.nextDouble() < scenario.declineRatio(), done);
                synchronized (customers) {
                    customers.add(customer);
                }
                starting.acquire();
                customer.start().whenComplete((ignored, failure) -> starting.release());
            }
            awaitFans(done, deadlineNanos);
            if (done.getCount() > 0) {
                log.warn("{} customers had not finished after {}: {}", done.getCount(), scenario.timeout(),
                        customers.stream().filter(c -> !c.isFinished()).limit(20).map(SimulatedCustomer::whereNow)
                                .toList());
            }
            kills = chaos == null ? List.of() : chaos.finish(deadlineNanos);
        } finally {
            progress.shutdownNow();
        }
        int inventory = scenario.reset() ? scenario.tickets() : ticketType.path("total").asInt();
        AtRest end = settle(customers, inventory, ticketType, started, kills);
        return SaleReport.of(customers, end.counters(), retries.counts(), gateway.following().counts(), kills,
                end.consistency(), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** The last check, and the counters it read (null when it could not). */
    private record AtRest(Consistency consistency, JsonNode counters) {
    }

    /** Waits for every fan to finish, until the deadline or until the chaos mode fails. */
    private void awaitFans(CountDownLatch done, long deadlineNanos) throws InterruptedException {
        while (!done.await(Math.min(1_000_000_000L, Math.max(0, deadlineNanos - System.nanoTime())),
                TimeUnit.NANOSECONDS)) {
            if (System.nanoTime() >= deadlineNanos) {
                return;
            }
            if (chaos != null && chaos.failure() != null) {
                throw chaos.failure();
            }
        }
    }

    /**
     * Checks until all agree and nothing is under way any more (no tickets held, no payment pending), or the settle
     * time is over: counters and payments trail the fans by the events still on their way.
     */
    private AtRest settle(List<SimulatedCustomer> customers, int inventory, JsonNode ticketType, Instant started,
            List<Kill> kills) throws InterruptedException {
        long until = System.nanoTime() + scenario.settle().toNanos();
        Retries checking = new Retries(until);
        GatewayClient gateway = new GatewayClient(scenario.gateway(), scenario.adminPassword(), checking);
        ProviderClient provider = new ProviderClient(merchant, checking);
        while (true) {
            JsonNode counters = null;
            String countersProblem = "no admin password";
            if (scenario.adminPassword() != null) {
                try {
                    counters = gateway.saleCounters().join();
                } catch (RuntimeException e) {
                    countersProblem = Retries.message(e);
                }
            }
            JsonNode deadLetters = null;
            if (scenario.adminPassword() != null) {
                try {
                    deadLetters = gateway.deadLetters().join();
                } catch (RuntimeException e) {
                    log.warn("The broker's dead letters could not be read: {}", Retries.message(e));
                }
            }
            JsonNode summary = null;
            String summaryProblem = null;
            try {
                summary = provider.summary(started).join();
            } catch (RuntimeException e) {
                summaryProblem = Retries.message(e);
            }
            Consistency consistency = Consistency.check(customers, inventory, counters, countersProblem, summary,
                    summaryProblem, ticketType.path("price").asDecimal(BigDecimal.ZERO),
                    ticketType.path("currency").asString("EUR"), chaos == null ? 0 : chaos.planned(), kills,
                    deadLetters, started);
            if ((consistency.agrees() && consistency.settled()) || System.nanoTime() + SETTLE_POLL.toNanos() > until) {
                return new AtRest(consistency, counters);
            }
            log.info("Waiting for the sale to come to rest: held {}, pending payments {}, {}", consistency.held(),
                    consistency.pendingPayments(), consistency.disagreements());
            Thread.sleep(SETTLE_POLL.toMillis());
        }
    }

    /** Opens a fresh sale when the scenario says so; returns the ticket type the fans buy (with price and currency). */
    private JsonNode prepareSale(GatewayClient gateway) throws InterruptedException {
        if (!scenario.reset()) {
            return gateway.ticketTypes().join().get(0);
        }
        JsonNode sale = gateway.openSale(scenario);
        log.info("Opened sale {}: {} customers for {} tickets, admission {}/s, at most {} shopping", sale.path("saleId")
                .asString(), scenario.customers(), scenario.tickets(), scenario.admissionRate(), scenario.maxActiveShoppers());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode types = gateway.ticketTypes().join();
            if (types.size() == 1 && "GENERAL".equals(types.get(0).path("type").asString())
                    && types.get(0).path("available").asInt() == scenario.tickets()) {
                return types.get(0);
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

    private void logProgress(List<SimulatedCustomer> customers, CountDownLatch done, Retries retries,
            GatewayClient.Following following) {
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
        RetryCounts counts = retries.counts();
        log.info("joined {}, admitted {}, bought {}, finished {}, errors {}, retries {}, reconnects {}, WebSockets open "
                + "{}, polls {}{}", started, admitted, completed, scenario.customers() - done.getCount(), errors,
                counts.retries(), counts.reconnects(), following.open(), following.counts().polls(),
                chaos != null && chaos.down() ? " (the sale is down)" : "");
    }
}
