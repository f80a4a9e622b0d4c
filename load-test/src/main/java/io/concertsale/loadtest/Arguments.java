package io.concertsale.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

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
        return take(name, fallback, Integer::parseInt);
    }

    long takeLong(String name, long fallback) {
        return take(name, fallback, Long::parseLong);
    }

    double takeDouble(String name, double fallback) {
        return take(name, fallback, Double::parseDouble);
    }

    boolean takeBoolean(String name, boolean fallback) {
        return take(name, fallback, Boolean::parseBoolean);
    }

    Duration takeSeconds(String name, Duration fallback) {
        return take(name, fallback, seconds -> Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000)));
    }

    /** The option's value read by the parser (surrounding blanks stripped), or the fallback when it is absent. */
    private <T> T take(String name, T fallback, Function<String, T> parser) {
        String value = options.remove(name);
        return value == null ? fallback : parser.apply(value.strip());
    }

    /** @throws IllegalArgumentException naming every option nobody took */
    void requireAllTaken() {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + new TreeSet<>(options.keySet()));
        }
    }
}
