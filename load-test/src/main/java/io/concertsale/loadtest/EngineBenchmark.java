package io.concertsale.loadtest;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local engine alone, with the sale's model v4, its journal on disk as in the launcher. A real Zeebe client
 * (camunda-client-java over gRPC) does what the router does in a sale: it starts journeys by message (they wait to
 * be admitted) and drives journeys to the end (admitted, reserved, payment sent, payment authorized; a job worker
 * completes the {@code cloudevents} jobs). After a warm-up, for each number of live instances asked for, in one
 * run: it starts journeys until that many wait (instances per second), then drives {@code journeys} of them to the
 * end (journeys, messages and jobs per second), and reads the heap the live instances take.
 *
 * <p>Options (--name=value): live (1000,100000: the numbers of live instances, ascending), journeys (1000 per
 * phase), warm-up (10000 journeys), window (256 requests in flight), data-dir (a new temporary folder), report
 * (load-test/target/engine-report.json).
 */
public final class EngineBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EngineBenchmark.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> STEPS = List.of("Queue.CustomerExited", "Tickets.Reserved",
            "Tickets.PaymentRequested", "Tickets.PaymentAuthorized");

    private final LocalEngine engine;
    private final CamundaClient client;
    private final Semaphore inFlight;
    private final int window;
    private final AtomicLong jobs = new AtomicLong();
    private int nextSession;

    private EngineBenchmark(LocalEngine engine, CamundaClient client, int window) {
        this.engine = engine;
        this.client = client;
        this.window = window;
        this.inFlight = new Semaphore(window);
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments = new Arguments(args);
        int[] live = Arrays.stream(arguments.take("live", "1000,100000").split(",")).map(String::strip)
                .mapToInt(Integer::parseInt).sorted().toArray();
        int journeys = arguments.takeInt("journeys", 1000);
        int warmUp = arguments.takeInt("warm-up", 10000);
        int window = arguments.takeInt("window", 256);
        Path data = Path.of(arguments.take("data-dir", Files.createTempDirectory("engine-benchmark").toString()));
        Path report = Path.of(arguments.take("report", "load-test/target/engine-report.json"));
        arguments.requireAllTaken();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        result.put("journeysPerPhase", journeys);
        List<Map<String, Object>> phases = new ArrayList<>();
        try (LocalEngine engine = LocalEngine.start(EngineOptions.durable(data));
                CamundaClient client = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                        .grpcAddress(engine.grpcAddress())
                        .restAddress(engine.grpcAddress()).preferRestOverGrpc(false)
                        .numJobWorkerExecutionThreads(2).build()) {
            EngineBenchmark benchmark = new EngineBenchmark(engine, client, window);
            benchmark.deploy();
            JobWorker worker = client.newWorker().jobType("cloudevents").handler((jobClient, job) ->
                            jobClient.newCompleteCommand(job).send().whenComplete((r, e) -> benchmark.jobs.incrementAndGet()))
                    .maxJobsActive(window).timeout(Duration.ofMinutes(5)).name("engine-benchmark").open();
            try {
                benchmark.start(warmUp);
                benchmark.drive(warmUp);
                log.info("Warmed up with {} journeys", warmUp);
                for (int target : live) {
                    phases.add(benchmark.phase(target, Math.min(journeys, target)));
                }
            } finally {
                worker.close();
            }
        }
        result.put("phases", phases);
        if (phases.size() > 1) {
            double first = (double) phases.getFirst().get("journeysPerSecond");
            double last = (double) phases.getLast().get("journeysPerSecond");
            result.put("journeysPerSecondRatioLastToFirst", Math.round(last / first * 100) / 100.0);
            log.info("Journeys per second with {} live instances / with {}: {}", phases.getLast().get("live"),
                    phases.getFirst().get("live"), result.get("journeysPerSecondRatioLastToFirst"));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        log.info("Report: {}", report.toAbsolutePath());
    }

    private void deploy() throws IOException {
        try (InputStream model = EngineBenchmark.class.getResourceAsStream("/bpmn/tickets-v4.bpmn")) {
            client.newDeployResourceCommand().addResourceStream(model, "tickets-v4.bpmn").send().join();
        }
    }

    /** Starts journeys until {@code live} wait, then drives {@code journeys} of them to the end. */
    private Map<String, Object> phase(int live, int journeys) {
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("live", live);
        int missing = live - engine.activeInstances();
        long heapBefore = usedHeapAfterGc();
        long started = System.nanoTime();
        start(missing);
        double startSeconds = seconds(started);
        long heapLive = usedHeapAfterGc();
        phase.put("instancesPerSecond", round(missing / startSeconds));
        phase.put("heapWithLiveInstancesMiB", heapLive >> 20);
        phase.put("heapPerLiveInstanceBytes", (heapLive - heapBefore) / Math.max(1, missing));
        long jobsBefore = jobs.get();
        started = System.nanoTime();
        drive(journeys);
        double seconds = seconds(started);
        phase.put("journeysPerSecond", round(journeys / seconds));
        phase.put("messagesPerSecond", round(journeys * STEPS.size() / seconds));
        phase.put("jobsPerSecond", round((jobs.get() - jobsBefore) / seconds));
        log.info("{} live instances: {} started at {} instances/s (heap {} MiB, {} bytes each); {} journeys to the end"
                        + " in {} s: {} journeys/s, {} messages/s, {} jobs/s", live, missing,
                phase.get("instancesPerSecond"), heapLive >> 20, phase.get("heapPerLiveInstanceBytes"), journeys,
                round(seconds), phase.get("journeysPerSecond"), phase.get("messagesPerSecond"),
                phase.get("jobsPerSecond"));
        return phase;
    }

    /** Starts that many journeys (each waits to be admitted) and returns once they all wait. */
    private void start(int count) {
        int target = engine.activeInstances() + count;
        for (int i = 0; i < count; i++) {
            String session = "session-" + nextSession++;
            publish("Queue.CustomerJoined", session, Map.of("sessionId", session, "paymentReminderInterval", "PT1H",
                    "reservationTimeout", "PT2H"));
        }
        drain();
        await(() -> engine.activeInstances() >= target, "the live instances");
    }

    /** Drives the oldest waiting journeys to the end, step by step, all of them abreast as admitted fans go. */
    private void drive(int count) {
        int target = engine.activeInstances() - count;
        int first = nextSession - engine.activeInstances();
        for (String step : STEPS) {
            for (int i = first; i < first + count; i++) {
                String session = "session-" + i;
                publish(step, session, step.equals("Tickets.Reserved")
                        ? Map.of("quantity", 2, "reservationId", "r-" + i) : Map.of());
            }
        }
        drain();
        await(() -> engine.activeInstances() <= target, "the journeys to end");
    }

    private void publish(String type, String session, Map<String, Object> data) {
        Map<String, Object> variables = new LinkedHashMap<>(data);
        variables.put("correlationKey", session);
        inFlight.acquireUninterruptibly();
        CompletableFuture<?> sent = client.newPublishMessageCommand().messageName(type).correlationKey(session)
                .timeToLive(Duration.ofMinutes(10)).variables(variables).send().toCompletableFuture();
        sent.whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                log.warn("{} for {} failed: {}", type, session, failure.toString());
            }
        });
    }

    private void drain() {
        inFlight.acquireUninterruptibly(window);
        inFlight.release(window);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited 30 minutes in vain for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
