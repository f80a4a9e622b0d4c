package io.concertsale.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** {@code --name=value} arguments, taken one by one: whatever is left over is an unknown option. */
final class Arguments {

    private final Map<String, String> options = new LinkedHashMap<>();

    Arguments(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String take(String name, String fallback) {
        String value = options.remove(name);
        return value == null ? fallback : value;
    }

    int takeInt(String name, int fallback) {
        String value = options.remove(name);
        return value == null ? fallback : Integer.parseInt(value.strip());
    }

    long takeLong(String name, long fallback) {
        String value = options.remove(name);
        return value == null ? fallback : Long.parseLong(value.strip());
    }

    double takeDouble(String name, double fallback) {
        String value = options.remove(name);
        return value == null ? fallback : Double.parseDouble(value.strip());
    }

    boolean takeBoolean(String name, boolean fallback) {
        String value = options.remove(name);
        return value == null ? fallback : Boolean.parseBoolean(value.strip());
    }

    Duration takeSeconds(String name, Duration fallback) {
        String value = options.remove(name);
        return value == null ? fallback : Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000));
    }

    /** @throws IllegalArgumentException naming every option nobody took */
    void requireAllTaken() {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + new TreeSet<>(options.keySet()));
        }
    }
}
