package io.concertsale.broker.trigger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One document of a Knative manifest file as the broker's strict parsers read it (Triggers, the Broker,
 * EventPolicies): it names the document in every error, and its helpers refuse what the broker does not implement
 * rather than ignore it: unknown fields, missing required ones, values of the wrong shape.
 */
public final class ManifestDocument {

    private final String origin;
    private final int index;
    private final Function<String, RuntimeException> errors;
    private String name;

    /**
     * @param origin the file
     * @param index the document's place in it, from 1
     * @param errors makes the parser's own exception from a message
     */
    public ManifestDocument(String origin, int index, Function<String, RuntimeException> errors) {
        this.origin = origin;
        this.index = index;
        this.errors = errors;
    }

    /** The file the document is in. */
    public String origin() {
        return origin;
    }

    /** The document's {@code metadata.name}, once known, for the messages. */
    public void name(String name) {
        this.name = name;
    }

    /** The error to throw, naming the file, the document and the object. */
    public RuntimeException error(String message) {
        return errors.apply(origin + ", document " + index + (name == null ? "" : " (" + name + ")") + ": "
                + message);
    }

    /** A mapping of only the known fields. */
    public static Map<String, Object> object(Object value, String path, Set<String> known, ManifestDocument doc) {
        if (!(value instanceof Map<?, ?> map)) {
            throw doc.error((path.isEmpty() ? "the document" : path) + " must be a mapping, not " + describe(value));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!known.contains(key)) {
                throw doc.error("unknown field " + (path.isEmpty() ? key : path + "." + key) + " (known fields"
                        + (path.isEmpty() ? "" : " of " + path) + ": " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            result.put(key, entry.getValue());
        }
        return result;
    }

    /** A field that must be there. */
    public static Object required(Map<String, Object> object, String key, String path, ManifestDocument doc) {
        Object value = object.get(key);
        if (value == null) {
            throw doc.error((path.isEmpty() ? key : path + "." + key) + " is required");
        }
        return value;
    }

    /** A value that must be a string. */
    public static String string(Object value, String path, ManifestDocument doc) {
        if (!(value instanceof String text)) {
            throw doc.error(path + " must be a string, not " + describe(value));
        }
        return text;
    }

    /** A value as a message names it. */
    public static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "' (" + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }
}
