package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each service chart's {@code values.schema.json} equal to the shared part merged with the chart's own part
 * ({@code charts/values-schemas}). Run with {@code -Dcharts.update=true} to rewrite them after changing a part.
 */
class ValuesSchemasTest {

    static final java.util.List<String> SERVICES = Charts.SERVICES;
    static final List<String> INSTALLABLE = Charts.INSTALLABLE;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * What may follow {@code (?} in an ECMA-262 pattern: a non-capturing group, a lookahead or lookbehind, a named
     * group. Anything else ({@code (?i)}, {@code (?s:...)}, {@code (?>...)}) is Java, PCRE or Go only.
     */
    private static final Pattern ECMA_GROUP = Pattern.compile("\\(\\?(?!:|=|!|<=|<!|<[A-Za-z])");
    /** Escapes and quantifiers Java, PCRE or Go know and ECMA-262 does not (or reads as something else). */
    private static final Pattern NOT_ECMA = Pattern.compile("\\\\[AZzhHRQEp]|[*+?}]\\+");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theChartsSchemaIsTheSharedPartWithItsOwn(String chart) throws IOException {
        Path schema = Charts.source(chart).resolve("values.schema.json");
        String generated = ValuesSchemas.generate(chart);
        if (Boolean.getBoolean("charts.update")) {
            Files.writeString(schema, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(schema, StandardCharsets.UTF_8))
                .as("%s is out of date: run ./mvnw -pl charts test -Dtest=ValuesSchemasTest -Dcharts.update=true", schema)
                .isEqualTo(generated);
    }

    /**
     * Helm before 3.17 dropped {@code null} values before it validated them against the schema; 3.17 and 3.18 keep
     * the key and refuse it when the schema requires it ({@code knative: timeoutSeconds is required}). So no default
     * may be {@code null} where the schema requires the key.
     */
    @ParameterizedTest
    @FieldSource("INSTALLABLE")
    void noRequiredValueHasANullDefault(String chart) throws IOException {
        Map<String, Object> values = Values.read(Charts.source(chart).resolve("values.yaml"));
        JsonNode schema = JSON.readTree(Files.readString(Charts.source(chart).resolve("values.schema.json")));

        List<String> nullAndRequired = new ArrayList<>();
        nullDefaultsRequired(values, schema, "", nullAndRequired);
        assertThat(nullAndRequired).as("values of %s that default to null but are required", chart).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("INSTALLABLE")
    void everySchemaPatternIsAnEcmaScriptRegularExpression(String chart) throws IOException {
        List<String> patterns = new ArrayList<>();
        patterns(JSON.readTree(Files.readString(Charts.source(chart).resolve("values.schema.json"))), patterns);

        assertThat(patterns).as("patterns of %s", chart).isNotEmpty();
        for (String pattern : patterns) {
            assertThat(ecmaViolations(pattern)).as("pattern %s of %s", pattern, chart).isEmpty();
            assertThat(Pattern.compile(pattern)).isNotNull();
        }
    }

    @Test
    void theEcmaCheckFindsInlineFlagsAndJavaOnlyConstructs() {
        assertThat(ecmaViolations("(?i)(password|secret)")).isNotEmpty();
        assertThat(ecmaViolations("(?s:.)")).isNotEmpty();
        assertThat(ecmaViolations("\\Aabc\\z")).isNotEmpty();
        assertThat(ecmaViolations("a++")).isNotEmpty();
        assertThat(ecmaViolations("^(?:ab)(?=c)(?!d)(?<name>e)[A-Za-z]+\\.[0-9]{2}$")).isEmpty();
    }

    /** The extraEnv name pattern lost its {@code (?i)} and still matches exactly what it matched with it. */
    @Test
    void theSecretNamePatternMatchesTheSameNamesWithoutTheCaseInsensitiveFlag() throws IOException {
        Pattern before = Pattern.compile("(?i)(password|secret|token|api_?keys?)");
        List<String> samples = List.of("SALE_ADMIN_PASSWORD", "db_password", "Password", "ZEEBE_CLIENT_SECRET",
                "client-Secret", "SALE_ADMISSION_TOKEN_SECRET", "refresh_token", "PAYMENTS_API_KEYS", "api_key",
                "ApiKey", "TICKETS_PAYMENTS_APIKEY", "GATEWAY_SESSIONS_IDLETIMEOUT", "SERVER_PORT", "PASSWD",
                "TOKE", "API-KEY", "KEYS", "SECRE_T", "JAVA_TOOL_OPTIONS");
        for (String chart : SERVICES) {
            JsonNode schema = JSON.readTree(Files.readString(Charts.source(chart).resolve("values.schema.json")));
            Pattern after = Pattern.compile(
                    schema.at("/properties/extraEnv/items/not/properties/name/pattern").asString());
            for (String name : samples) {
                // JSON Schema patterns are not anchored: a match anywhere counts
                assertThat(after.matcher(name).find()).as("%s in %s", name, chart)
                        .isEqualTo(before.matcher(name).find());
            }
        }
    }

    private static List<String> ecmaViolations(String pattern) {
        List<String> violations = new ArrayList<>();
        for (Pattern construct : List.of(ECMA_GROUP, NOT_ECMA)) {
            Matcher matcher = construct.matcher(pattern);
            while (matcher.find()) {
                violations.add(pattern.substring(matcher.start(), Math.min(pattern.length(), matcher.end() + 2)));
            }
        }
        return violations;
    }

    private static void patterns(JsonNode node, List<String> patterns) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("pattern") && entry.getValue().isString()) {
                    patterns.add(entry.getValue().asString());
                } else if (entry.getKey().equals("patternProperties")) {
                    entry.getValue().propertyNames().forEach(patterns::add);
                    patterns(entry.getValue(), patterns);
                } else {
                    patterns(entry.getValue(), patterns);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> patterns(element, patterns));
        }
    }

    @SuppressWarnings("unchecked")
    private static void nullDefaultsRequired(Map<String, Object> values, JsonNode schema, String path,
            List<String> found) {
        JsonNode required = schema.path("required");
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String key = entry.getKey();
            if (entry.getValue() == null) {
                if (Stream.iterate(0, i -> i < required.size(), i -> i + 1)
                        .anyMatch(i -> required.get(i).asString().equals(key))) {
                    found.add(path + key);
                }
            } else if (entry.getValue() instanceof Map<?, ?> nested && schema.path("properties").has(key)) {
                nullDefaultsRequired((Map<String, Object>) nested, schema.path("properties").path(key),
                        path + key + ".", found);
            }
        }
    }

    @Test
    void mergingGoesIntoObjectsReplacesOtherValuesAndNullRemoves() {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode shared = (ObjectNode) json.readTree("""
                {"a":{"type":"integer","minimum":1},"b":[1,2],"c":"kept","d":"dropped"}""");

        ValuesSchemas.merge(shared, json.readTree("""
                {"a":{"const":1,"minimum":null,"type":null},"b":[3],"d":null,"e":true}"""));

        assertThat(shared).isEqualTo(json.readTree("""
                {"a":{"const":1},"b":[3],"c":"kept","e":true}"""));
    }
}
