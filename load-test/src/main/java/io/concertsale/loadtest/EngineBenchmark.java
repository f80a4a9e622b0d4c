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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local engine alone, with the sale's model v4: a real Zeebe client (camunda-client-java, gRPC) starts
 * {@code live} journeys by message (they wait to be admitted), then drives {@code journeys} of them to the end the
 * way the router would (admitted, reserved, payment sent, payment authorized; the {@code cloudevents} jobs
 * completed by a job worker). It reports instances, messages and jobs per second with that many live instances,
 * and the heap the live instances take. The engine keeps its journal on disk, as the launcher's does.
 *
 * <p>Options (--name=value): live (1000), journeys (1000), window (256: requests in flight), data-dir (a new
 * temporary folder), report (load-test/target/engine-report.json).
 */
public final class EngineBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EngineBenchmark.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments(args);
        int live = arguments.takeInt("live", 1000);
        int journeys = Math.min(live, arguments.takeInt("journeys", 1000));
        int window = arguments.takeInt("window", 256);
        Path data = Path.of(arguments.take("data-dir", Files.createTempDirectory("engine-benchmark").toString()));
        Path report = Path.of(arguments.take("report", "load-test/target/engine-report.json"));
        arguments.requireAllTaken();

        Map<String, Object> result = run(live, journeys, window, data);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        log.info("Report: {}", report.toAbsolutePath());
    }

    static Map<String, Object> run(int live, int journeys, int window, Path data) throws IOException {
        try (LocalEngine engine = LocalEngine.start(EngineOptions.durable(data));
                CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(engine.grpcAddress())
                        .restAddress(engine.grpcAddress()).preferRestOverGrpc(false)
                        .numJobWorkerExecutionThreads(2).build()) {
            try (InputStream model = EngineBenchmark.class.getResourceAsStream("/bpmn/tickets-v4.bpmn")) {
                client.newDeployResourceCommand().addResourceStream(model, "tickets-v4.bpmn").send().join();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("live", live);
            result.put("journeys", journeys);
            result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);

            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            Semaphore inFlight = new Semaphore(window);
            for (int i = 0; i < live; i++) {
                String session = "session-" + i;
                publish(client, inFlight, "Queue.CustomerJoined", session, Map.of("sessionId", session,
                        "paymentReminderInterval", "PT1H", "reservationTimeout", "PT2H"));
            }
            inFlight.acquireUninterruptibly(window);
            inFlight.release(window);
            await(() -> engine.activeInstances() >= live, "the live instances");
            double startSeconds = seconds(started);
            long heapLive = usedHeapAfterGc();
            result.put("instancesPerSecond", round(live / startSeconds));
            result.put("heapPerLiveInstanceBytes", (heapLive - heapBefore) / live);
            result.put("heapWithLiveInstancesMiB", heapLive >> 20);
            log.info("{} journeys started in {} s ({} instances/s); heap {} MiB ({} bytes per live instance)", live,
                    round(startSeconds), result.get("instancesPerSecond"), heapLive >> 20,
                    result.get("heapPerLiveInstanceBytes"));

            AtomicLong jobs = new AtomicLong();
            JobWorker worker = client.newWorker().jobType("cloudevents").handler((jobClient, job) ->
                            jobClient.newCompleteCommand(job).send().whenComplete((r, e) -> jobs.incrementAndGet()))
                    .maxJobsActive(window).timeout(Duration.ofMinutes(5)).name("engine-benchmark").open();
            try {
                long messages = 0;
                started = System.nanoTime();
                // the journeys go step by step, all of them abreast, as admitted fans do in a sale
                List<String> steps = List.of("Queue.CustomerExited", "Tickets.Reserved", "Tickets.PaymentRequested",
                        "Tickets.PaymentAuthorized");
                for (String step : steps) {
                    for (int i = 0; i < journeys; i++) {
                        String session = "session-" + i;
                        Map<String, Object> variables = step.equals("Tickets.Reserved")
                                ? Map.of("quantity", 2, "reservationId", "r-" + i) : Map.of();
                        publish(client, inFlight, step, session, variables);
                        messages++;
                    }
                }
                inFlight.acquireUninterruptibly(window);
                inFlight.release(window);
                await(() -> engine.activeInstances() <= live - journeys, "the journeys to end");
                double seconds = seconds(started);
                result.put("journeySeconds", round(seconds));
                result.put("journeysPerSecond", round(journeys / seconds));
                result.put("messagesPerSecond", round(messages / seconds));
                result.put("jobsPerSecond", round(jobs.get() / seconds));
                log.info("{} journeys to the end with {} live instances in {} s: {} journeys/s, {} messages/s, {} jobs/s",
                        journeys, live, round(seconds), result.get("journeysPerSecond"),
                        result.get("messagesPerSecond"), result.get("jobsPerSecond"));
            } finally {
                worker.close();
            }
            return result;
        }
    }

    private static void publish(CamundaClient client, Semaphore inFlight, String type, String session,
            Map<String, Object> data) {
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

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited 30 minutes in vain for " + what);
            }
            try {
                Thread.sleep(20);
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
