package io.concertsale.loadtest.hop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one invocation of {@link HopBenchmark} does, from {@code --name=value} arguments; {@code load-test/hop-benchmark}
 * invokes it once per step.
 *
 * @param step {@code ceiling}, {@code floor}, {@code hop} or {@code report}
 * @param target the floor server's endpoint (floor), or the broker's ingress (hop, report)
 * @param gateway the frontend-gateway whose actuator counts the handled events (hop)
 * @param adminPassword the gateway's admin password (hop)
 * @param out where the step writes its JSON: its figures, or the report
 * @param measurements the folder of the steps' figures the report reads ({@code ceiling.json}, {@code floor-1.json},
 *        {@code hop-1.json}, {@code floor-2.json} ...)
 * The option {@code --token-file} names the file of the producer token the requests carry (the launcher keeps the
 * router's in {@code <data folder>/identity/zeebe-cloud-events-router.token}; the hop's event is the router's
 * {@code Notifications.Requested}).
 */
public record HopOptions(Step step, URI target, URI gateway, String adminPassword, HopSettings settings, Path out,
        Path measurements) {

    public static final URI DEFAULT_INGRESS = URI.create("http://localhost:8090/default/default");
    public static final URI DEFAULT_GATEWAY = URI.create("http://localhost:8080");
    public static final Path DEFAULT_MEASUREMENTS = Path.of("target", "hop-runs");
    public static final Path DEFAULT_REPORT = Path.of("target", "hop-report.json");

    private static final Set<String> NAMES = Set.of("step", "target", "gateway", "admin-password", "concurrency",
            "warmup-seconds", "duration-seconds", "max-backlog", "out", "measurements", "token-file");

    /** What to do. */
    public enum Step {
        CEILING, FLOOR, HOP, REPORT
    }

    /** Reads the arguments over the defaults ({@link HopSettings#DEFAULTS}). */
    public static HopOptions parse(String[] args, Map<String, String> environment) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        if (!NAMES.containsAll(options.keySet())) {
            options.keySet().removeAll(NAMES);
            throw new IllegalArgumentException("Unknown options: " + options.keySet() + "; known: " + NAMES);
        }
        if (!options.containsKey("step")) {
            throw new IllegalArgumentException("--step=ceiling|floor|hop|report is missing");
        }
        Step step = Step.valueOf(options.get("step").toUpperCase(Locale.ROOT));
        HopSettings defaults = HopSettings.DEFAULTS;
        HopSettings settings = new HopSettings(
                intOption(options, "concurrency", defaults.concurrency()),
                Duration.ofSeconds(intOption(options, "warmup-seconds", (int) defaults.warmup().toSeconds())),
                Duration.ofSeconds(intOption(options, "duration-seconds", (int) defaults.duration().toSeconds())),
                intOption(options, "max-backlog", defaults.maxBacklog()), authorization(options.get("token-file")));
        if (step == Step.FLOOR && !options.containsKey("target")) {
            throw new IllegalArgumentException("The floor step needs the floor server's endpoint: --target=http://...");
        }
        URI target = URI.create(options.getOrDefault("target", DEFAULT_INGRESS.toString()));
        String password = options.getOrDefault("admin-password", environment.get("SALE_ADMIN_PASSWORD"));
        if (step == Step.HOP && (password == null || password.isBlank())) {
            throw new IllegalArgumentException("The hop step reads the gateway's actuator, which needs the admin "
                    + "password: --admin-password=... or SALE_ADMIN_PASSWORD");
        }
        Path out = options.containsKey("out") ? Path.of(options.get("out"))
                : step == Step.REPORT ? DEFAULT_REPORT
                : DEFAULT_MEASUREMENTS.resolve(step.name().toLowerCase(Locale.ROOT) + ".json");
        return new HopOptions(step, target, URI.create(options.getOrDefault("gateway", DEFAULT_GATEWAY.toString())),
                password, settings, out, Path.of(options.getOrDefault("measurements", DEFAULT_MEASUREMENTS.toString())));
    }

    private static String authorization(String tokenFile) {
        if (tokenFile == null) {
            return null;
        }
        try {
            return "Bearer " + Files.readString(Path.of(tokenFile)).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the token of --token-file=" + tokenFile + ": " + e, e);
        }
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }
}
