package io.concertsale.loadtest.hop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of the hop benchmark ({@code load-test/hop-benchmark} runs them, and starts and stops the servers in
 * between): {@code --step=ceiling} measures the client against a trivial server in its own JVM, {@code floor} a
 * running floor server, {@code hop} a running launcher, each writing its figures as JSON; {@code report} reads them
 * all and writes {@code target/hop-report.json}. The report step exits with 2 when a run had errors or events that
 * never arrived: its figures are not to be trusted then.
 */
public final class HopBenchmark {

    private static final Logger log = LoggerFactory.getLogger(HopBenchmark.class);

    private HopBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        HopOptions options = HopOptions.parse(args, System.getenv());
        HopSettings settings = options.settings();
        switch (options.step()) {
            case CEILING -> {
                RequestRun ceiling = HopMeasurements.ceiling(settings);
                log.info("Client ceiling: {} requests/s ({} errors)", rate(ceiling.requestsPerSecond()), ceiling.errors());
                write(options.out(), ceiling);
            }
            case FLOOR -> {
                RequestRun floor = HopMeasurements.requests(options.target(), settings);
                log.info("Floor: {} requests/s ({} errors)", rate(floor.requestsPerSecond()), floor.errors());
                write(options.out(), floor);
            }
            case HOP -> {
                HopRun hop = HopMeasurements.hop(options.target(), options.gateway(), options.adminPassword(), settings);
                log.info("Hop: {} events/s ({} accepted, {} handled, {} missing, {} errors)",
                        rate(hop.eventsPerSecond()), hop.accepted(), hop.handled(), hop.missing(), hop.errors());
                write(options.out(), hop);
            }
            case REPORT -> {
                HopReport report = report(options);
                report.write(options.out());
                log.info("\n{}Report written to {}", report.text(), options.out().toAbsolutePath());
                if (report.runs().stream().anyMatch(run -> run.hop().errors() > 0 || run.hop().missing() != 0
                        || run.floor().errors() > 0)) {
                    log.error("A run had errors or events that never arrived: see the report");
                    System.exit(2);
                }
            }
        }
    }

    /** The report of the measurements in {@link HopOptions#measurements()}: the ceiling, then the runs in order. */
    static HopReport report(HopOptions options) throws IOException {
        Path folder = options.measurements();
        RequestRun ceiling = read(folder.resolve("ceiling.json"), RequestRun.class);
        List<HopReport.Run> runs = new ArrayList<>();
        for (int run = 1; Files.exists(folder.resolve("floor-" + run + ".json")); run++) {
            runs.add(HopReport.Run.of(run, read(folder.resolve("floor-" + run + ".json"), RequestRun.class),
                    read(folder.resolve("hop-" + run + ".json"), HopRun.class)));
        }
        return HopReport.of(options.settings(), options.target(), ceiling, runs, HopReport.Machine.current());
    }

    private static <T> T read(Path file, Class<T> type) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("No measurement in " + file.toAbsolutePath());
        }
        return HopReport.JSON.readValue(file.toFile(), type);
    }

    private static void write(Path file, Object figures) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        HopReport.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), figures);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
