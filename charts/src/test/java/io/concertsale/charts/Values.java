package io.concertsale.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Helm values as nested maps: read, built from dotted paths, and merged the way Helm merges them. */
final class Values {

    private Values() {
    }

    static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> values = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return values == null ? new LinkedHashMap<>() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code of("a.b", 1, "a.c", "x")} is {@code {a: {b: 1, c: x}}}. */
    static Map<String, Object> of(Object... pathsAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            put(values, (String) pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return values;
    }

    /** The values nested under a key: {@code under("queue-service", {workload: x})} is {@code {queue-service: {workload: x}}}. */
    static Map<String, Object> under(String key, Map<String, Object> values) {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put(key, values);
        return nested;
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> values, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> map = values;
        for (int i = 0; i < keys.length - 1; i++) {
            map = (Map<String, Object>) map.computeIfAbsent(keys[i], key -> new LinkedHashMap<String, Object>());
        }
        map.put(keys[keys.length - 1], value);
    }

    /** A copy of {@code base} with {@code overrides} merged in: maps key by key, anything else replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
