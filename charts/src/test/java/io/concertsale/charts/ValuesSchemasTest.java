package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each service chart's {@code values.schema.json} equal to the shared part merged with the chart's own part
 * ({@code charts/values-schemas}). Run with {@code -Dcharts.update=true} to rewrite them after changing a part.
 */
class ValuesSchemasTest {

    static final java.util.List<String> SERVICES = Charts.SERVICES;

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
