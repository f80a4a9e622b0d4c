package io.concertsale.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The charts of {@code charts/}, run through Helm (helm-java: Helm's own library in the JVM). Helm needs the
 * {@code file://} dependencies packaged into each chart's {@code charts/} folder before it lints or renders: that
 * happens once per test JVM in a copy under {@code target/}, never in the source tree.
 */
final class Charts {

    static final String LIBRARY = "concert-sale-lib";
    static final String UMBRELLA = "concert-sale";
    /** The service charts, named after the services (and their Maven modules and images). */
    static final List<String> SERVICES = List.of("queue-service", "tickets-service", "payments-service",
            "frontend-gateway", "zeebe-cloud-events-router");
    /** Every installable chart: the services and the umbrella. */
    static final List<String> INSTALLABLE = Stream.concat(SERVICES.stream(), Stream.of(UMBRELLA)).toList();

    static final String RELEASE = "sale";
    static final String NAMESPACE = "concert-sale";

    private static Path built;

    private Charts() {
    }

    static Path sourceDir() {
        return Path.of(System.getProperty("charts.dir", ".")).toAbsolutePath().normalize();
    }

    static Path knativeDir() {
        return Path.of(System.getProperty("knative.dir", "../knative")).toAbsolutePath().normalize();
    }

    static Path reactorDir() {
        return Path.of(System.getProperty("reactor.dir", "..")).toAbsolutePath().normalize();
    }

    private static Path workDir() {
        return Path.of(System.getProperty("charts.work.dir", "target/helm")).toAbsolutePath().normalize();
    }

    /** The source folder of a chart. */
    static Path source(String chart) {
        return sourceDir().resolve(chart);
    }

    /** A chart ready for Helm: copied, with its dependencies packaged. */
    static Path built(String chart) {
        return buildAll().resolve(chart);
    }

    private static synchronized Path buildAll() {
        if (built == null) {
            deleteTree(workDir());
            Path copy = workDir().resolve("build");
            for (String chart : Stream.concat(Stream.of(LIBRARY), INSTALLABLE.stream()).toList()) {
                copyTree(source(chart), copy.resolve(chart));
            }
            // the service charts first: the umbrella packages them as they are, with the library inside
            for (String chart : INSTALLABLE) {
                new Helm(copy.resolve(chart)).dependency().update().skipRefresh().call();
            }
            built = copy;
        }
        return built;
    }

    /** Helm's strict lint of the chart with the values of the variant merged into its values.yaml. */
    static LintResult lint(String chart, Variant variant) {
        Path chartDir = built(chart);
        Path copy = workDir().resolve("lint-" + chart + "-" + variant.name().toLowerCase() + "-" + UUID.randomUUID());
        copyTree(chartDir, copy);
        Map<String, Object> values = Values.merge(Values.read(copy.resolve("values.yaml")), variant.values(chart));
        write(copy.resolve("values.yaml"), dump(values));
        return new Helm(copy).lint().strict().call();
    }

    /** {@code helm template} of the chart with the values of the variant, in namespace {@value #NAMESPACE}. */
    static Rendered render(String chart, Variant variant) {
        return render(chart, variant.values(chart));
    }

    /** {@code helm template} of the chart with these values on top of its own. */
    static Rendered render(String chart, Map<String, Object> values) {
        Path dir = built(chart);
        Path valuesFile = workDir().resolve("values-" + chart + "-" + UUID.randomUUID() + ".yaml");
        write(valuesFile, dump(values));
        String manifest = new Helm(dir).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(valuesFile)
                .call();
        return Rendered.parse(chart, manifest);
    }

    /**
     * {@code helm template} of the chart with one value taken out of its own values.yaml (a dotted path), as a
     * values file without that key, or a Helm that drops {@code null} defaults, gives it to the schema.
     */
    @SuppressWarnings("unchecked")
    static Rendered renderWithout(String chart, String path) {
        Path copy = workDir().resolve("without-" + chart + "-" + UUID.randomUUID());
        copyTree(built(chart), copy);
        Map<String, Object> values = Values.read(copy.resolve("values.yaml"));
        String[] keys = path.split("\\.");
        Map<String, Object> map = values;
        for (int i = 0; i < keys.length - 1; i++) {
            map = (Map<String, Object>) map.get(keys[i]);
        }
        if (!map.containsKey(keys[keys.length - 1])) {
            throw new AssertionError(chart + " has no value " + path);
        }
        map.remove(keys[keys.length - 1]);
        write(copy.resolve("values.yaml"), dump(values));
        String manifest = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE).call();
        return Rendered.parse(chart, manifest);
    }

    /** The NOTES.txt Helm shows after installing the chart with the variant's values (a client-only dry run). */
    static String notes(String chart, Variant variant) {
        Path dir = built(chart);
        Path valuesFile = workDir().resolve("values-" + chart + "-" + UUID.randomUUID() + ".yaml");
        write(valuesFile, dump(variant.values(chart)));
        String output = new Helm(dir).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(valuesFile)
                .dryRun()
                .clientOnly()
                .call()
                .getOutput();
        int notes = output.indexOf("NOTES:");
        return notes < 0 ? "" : output.substring(notes + "NOTES:".length());
    }

    static String dump(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(values);
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
