package io.concertsale.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local launcher as a child process of the simulator: started with the given command plus its data folder, the
 * admin password and fixed free ports (so that, started again on the same folder, it is found at the same address);
 * killed with SIGKILL and started again. The command must run the JVM itself, not a wrapper shell, so that the kill
 * reaches the sale: {@link #kill()} checks that nothing answers afterwards.
 */
final class LauncherProcess implements AutoCloseable {

    /** The launcher's parts, by the service names {@code --launcher.ports.<service-name>} takes. */
    static final List<String> PARTS = List.of("local-broker", "zeebe-cloud-events-router", "payments-service",
            "tickets-service", "queue-service", "frontend-gateway");
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** The exit status of a process ended by SIGKILL. */
    static final int SIGKILL_EXIT = 128 + 9;

    private static final Logger log = LoggerFactory.getLogger(LauncherProcess.class);

    private final List<String> command;
    private final Path dataDir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final int zeebePort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Process process;
    /** Stops the launcher should the simulator itself be stopped: a child process outlives its parent. */
    private final Thread orphanGuard = new Thread(() -> {
        Process running = process;
        if (running != null) {
            running.destroy();
        }
    }, "launcher-orphan-guard");
    private int starts;
    private volatile long servingSinceNanos;

    /**
     * What a kill did.
     *
     * @param pid the process killed
     * @param exitValue its exit status: 137 (128 + SIGKILL) when the kill was what ended it
     * @param upFor how long it had served
     * @param deliveriesPending the broker's deliveries under way just before, -1 when unknown
     */
    record Killed(long pid, int exitValue, Duration upFor, int deliveriesPending) {
    }

    /** The sale's admin password: the broker's metrics are an operator endpoint. */
    private String adminPassword;

    private LauncherProcess(List<String> command, Path dataDir) {
        this.command = List.copyOf(command);
        this.dataDir = dataDir;
        List<Integer> free = freePorts(PARTS.size() + 1);
        for (int i = 0; i < PARTS.size(); i++) {
            ports.put(PARTS.get(i), free.get(i));
        }
        this.zeebePort = free.getLast();
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /** Starts the launcher for this plan and returns once it serves. */
    static LauncherProcess start(Chaos chaos, String adminPassword) throws IOException, InterruptedException {
        Path dataDir = chaos.dataDir() != null ? Files.createDirectories(chaos.dataDir())
                : Files.createTempDirectory("chaos-sale-");
        LauncherProcess launcher = new LauncherProcess(chaos.command(), dataDir);
        launcher.startAndAwait(adminPassword);
        return launcher;
    }

    private void startAndAwait(String adminPassword) throws IOException, InterruptedException {
        this.adminPassword = adminPassword;
        List<String> line = new ArrayList<>(command);
        line.add("--sale.data-dir=" + dataDir.toAbsolutePath());
        line.add("--sale.admin-password=" + adminPassword);
        ports.forEach((part, port) -> line.add("--launcher.ports." + part + "=" + port));
        line.add("--sale.zeebe.port=" + zeebePort);
        starts++;
        Path output = dataDir.resolve("launcher-" + starts + ".log");
        long started = System.nanoTime();
        process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        log.info("Started the launcher (process {}, start {}), output in {}", process.pid(), starts, output);
        long deadline = started + START_TIMEOUT.toNanos();
        while (!serves()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The launcher stopped during its start (exit " + process.exitValue()
                        + "); see " + output);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The launcher did not serve within " + START_TIMEOUT + "; see "
                        + output);
            }
            Thread.sleep(250);
        }
        servingSinceNanos = System.nanoTime();
        log.info("The sale serves at {} ({} s after start {})", gateway(),
                String.format("%.1f", (servingSinceNanos - started) / 1e9), starts);
    }

    /** Kills the launcher with SIGKILL, waits for it to be gone and checks that nothing answers any more. */
    Killed kill() throws InterruptedException {
        int pending = deliveriesPending();
        long pid = process.pid();
        Duration upFor = Duration.ofNanos(System.nanoTime() - servingSinceNanos);
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("The launcher (process " + pid + ") is still alive "
                    + STOP_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
        if (serves()) {
            throw new IllegalStateException("The sale still answers after its process " + pid + " was killed: the "
                    + "launcher command must run the JVM itself, not a wrapper");
        }
        Killed killed = new Killed(pid, process.exitValue(), upFor, pending);
        log.info("Killed the launcher (process {}) with SIGKILL after {} s, {} deliveries pending at the broker: exit "
                + "status {}", pid, String.format("%.1f", upFor.toMillis() / 1000.0), pending, killed.exitValue());
        return killed;
    }

    /** The local broker's deliveries under way ({@code broker.deliveries.pending}), or -1 when it does not say. */
    private int deliveriesPending() {
        URI metric = URI.create("http://localhost:" + ports.get("local-broker")
                + "/actuator/metrics/broker.deliveries.pending");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metric).timeout(Duration.ofSeconds(2))
                    .header("Authorization", GatewayClient.adminAuthorization(adminPassword)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() != 200 ? -1
                    : GatewayClient.JSON.readTree(response.body()).path("measurements").path(0).path("value").asInt(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Starts the launcher again on the same data folder and ports; returns once it serves. */
    void restart(String adminPassword) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("The launcher (process " + process.pid() + ") still runs");
        }
        startAndAwait(adminPassword);
    }

    private boolean serves() {
        try {
            return http.send(HttpRequest.newBuilder(gateway().resolve("/api/sale")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI gateway() {
        return URI.create("http://localhost:" + ports.get("frontend-gateway"));
    }

    /** The launcher's payment provider, with the API key it generated in its data folder. */
    Merchant merchant() {
        return new Merchant(URI.create("http://localhost:" + ports.get("payments-service")),
                Merchant.storedKey(dataDir));
    }

    Path dataDir() {
        return dataDir;
    }

    long servingSinceNanos() {
        return servingSinceNanos;
    }

    /** Stops the launcher as Ctrl-C does (SIGTERM), and forcibly if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(orphanGuard);
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            log.warn("The launcher did not stop within {}; killing it", STOP_TIMEOUT);
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Ports free now, all different: each socket stays open until all are taken. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    log.debug("Could not close the probe socket on port {}", socket.getLocalPort(), e);
                }
            }
        }
    }
}
