package io.concertsale.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The plain manifests of {@code knative/}: the files a cluster applies (and the local broker reads), and variants. */
final class KnativeFiles {

    private KnativeFiles() {
    }

    /** The YAML files of a folder, in name (= apply) order. */
    static List<Path> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> parse(List<Path> files) {
        return files.stream().flatMap(file -> Manifest.parseAll(Charts.knativeDir().relativize(file).toString(),
                read(file)).stream()).toList();
    }

    /** {@code knative/*.yaml}: the in-memory channel Broker, the Triggers, the dead letter sink. */
    static List<Manifest> top() {
        return parse(files(Charts.knativeDir()));
    }

    /** {@code knative/kafka/*.yaml}: the Kafka broker variant. */
    static List<Manifest> kafka() {
        return parse(files(Charts.knativeDir().resolve("kafka")));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
