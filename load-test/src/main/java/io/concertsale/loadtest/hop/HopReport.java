package io.concertsale.loadtest.hop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hop benchmark's result ({@code target/hop-report.json}): the medians over the runs, each run's figures, the
 * client's ceiling, the settings and the machine.
 *
 * @param eventsPerSecond the median of the runs' hop rates
 * @param floorRequestsPerSecond the median of the runs' floor rates
 * @param ratio the median of the runs' ratios (each run's hop over the same run's floor, see {@link #ratio(double,
 *        double)}); the median of ratios need not equal the ratio of the medians
 * @param clientCeilingRequestsPerSecond what the client did against a trivial server in its own JVM
 */
public record HopReport(double eventsPerSecond, double floorRequestsPerSecond, double ratio,
        double clientCeilingRequestsPerSecond, List<Run> runs, Settings settings, Machine machine) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One run: the floor measured on a fresh floor server, then the hop on a fresh launcher. */
    public record Run(int run, RequestRun floor, HopRun hop, double ratio) {

        public static Run of(int run, RequestRun floor, HopRun hop) {
            return new Run(run, floor, hop, HopReport.ratio(hop.eventsPerSecond(), floor.requestsPerSecond()));
        }
    }

    /**
     * How the client drove every measurement.
     *
     * @param requestBytes the hop's whole request (the floor's differs only by its path and Host)
     * @param bodyBytes the event's data, the body of every request
     * @param pollIntervalMillis how often the gateway's HANDLED count was read during the hop
     */
    public record Settings(int concurrency, double warmupSeconds, double durationSeconds, int maxBacklog,
            int requestBytes, int bodyBytes, long pollIntervalMillis) {

        static Settings of(HopSettings settings, HopRequest request) {
            return new Settings(settings.concurrency(), settings.warmup().toMillis() / 1000.0,
                    settings.duration().toMillis() / 1000.0, settings.maxBacklog(), request.requestBytes(),
                    request.bodyBytes(), HandledEvents.POLL_INTERVAL.toMillis());
        }
    }

    /** Where it ran. */
    public record Machine(int cores, String cpu, String jdk, String os) {

        /** This machine, and the JDK of this JVM (the benchmark runs every JVM on the same one). */
        public static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                    System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
        }

        private static String cpuModel() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(line -> line.startsWith("model name")).map(line -> line.replaceFirst(".*:\\s*", ""))
                        .findFirst().orElse("unknown");
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }

    /**
     * How far the hop is from its floor: one hop costs two requests at least (the sender's to the broker, the
     * broker's to the subscriber), so a hop as cheap as two empty requests scores 1.
     *
     * @return {@code eventsPerSecond / (floorRequestsPerSecond / 2)}, 0 without a floor
     */
    public static double ratio(double eventsPerSecond, double floorRequestsPerSecond) {
        return floorRequestsPerSecond <= 0 ? 0 : eventsPerSecond / (floorRequestsPerSecond / 2);
    }

    /**
     * @param ingress the broker ingress the hop was sent to (the request's size depends on its path and Host)
     */
    public static HopReport of(HopSettings settings, URI ingress, RequestRun ceiling, List<Run> runs, Machine machine) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No runs to report");
        }
        return new HopReport(median(runs, run -> run.hop().eventsPerSecond()),
                median(runs, run -> run.floor().requestsPerSecond()), median(runs, Run::ratio),
                ceiling.requestsPerSecond(), List.copyOf(runs),
                Settings.of(settings, HopRequest.to(ingress, settings.authorization())), machine);
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** A table for the log. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "One hop against its floor: %d run(s), %d connections, %.0f s warm-up, "
                + "%.0f s measured, %d-byte events%n", runs.size(), settings.concurrency(), settings.warmupSeconds(),
                settings.durationSeconds(), settings.bodyBytes()));
        out.append(String.format(Locale.ROOT, "  %-4s %14s %14s %7s   %s%n", "run", "floor req/s", "hop events/s",
                "ratio", "hop: accepted / handled / missing / duplicates / rejected / errors; floor errors"));
        for (Run run : runs) {
            HopRun hop = run.hop();
            out.append(String.format(Locale.ROOT, "  %-4d %,14.0f %,14.0f %7.3f   %d / %d / %d / %d / %d / %d; %d%n",
                    run.run(), run.floor().requestsPerSecond(), hop.eventsPerSecond(), run.ratio(), hop.accepted(),
                    hop.handled(), hop.missing(), hop.duplicates(), hop.rejected(), hop.errors(),
                    run.floor().errors()));
        }
        out.append(String.format(Locale.ROOT, "  %-4s %,14.0f %,14.0f %7.3f%n", "med.", floorRequestsPerSecond,
                eventsPerSecond, ratio));
        out.append(String.format(Locale.ROOT, "  client ceiling (against a trivial server in its own JVM): %,.0f "
                + "requests/s%n", clientCeilingRequestsPerSecond));
        out.append(String.format(Locale.ROOT, "  machine: %d cores (%s), %s%n", machine.cores(), machine.cpu(),
                machine.jdk()));
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }
}
