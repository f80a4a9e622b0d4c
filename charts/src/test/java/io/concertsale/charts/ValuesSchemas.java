package io.concertsale.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service charts' {@code values.schema.json} are generated: the part every service chart shares
 * ({@code charts/values-schemas/service.json}) merged with the chart's own part ({@code <chart>.json} beside it).
 * Merging goes into objects key by key; any other value replaces the shared one, and {@code null} removes it.
 */
final class ValuesSchemas {

    static final String SHARED = "service.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ValuesSchemas() {
    }

    static Path sources() {
        return Charts.sourceDir().resolve("values-schemas");
    }

    /** The schema a service chart must have, as the text of its {@code values.schema.json}. */
    static String generate(String chart) {
        ObjectNode schema = (ObjectNode) read(sources().resolve(SHARED));
        merge(schema, read(sources().resolve(chart + ".json")));
        return JSON.writeValueAsString(schema) + "\n";
    }

    /** Merges {@code part} into {@code into}: objects key by key, other values replace, {@code null} removes. */
    static void merge(ObjectNode into, JsonNode part) {
        for (Map.Entry<String, JsonNode> entry : part.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                into.remove(key);
            } else if (value.isObject() && into.get(key) instanceof ObjectNode existing) {
                merge(existing, value);
            } else {
                into.set(key, value.deepCopy());
            }
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
