package io.concertsale.engine.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Variables as the engine keeps them: JSON values as plain Java objects (Map, List, String, Long, Double, Boolean,
 * null). FEEL results are brought to the same types, so that what the engine stores is what a client reads back.
 */
final class Variables {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A JSON object (or nothing: null or blank) as variables; anything else is refused. */
    @SuppressWarnings("unchecked")
    Map<String, Object> parseDocument(String document) {
        if (document == null || document.isBlank()) {
            return Map.of();
        }
        Object value;
        try {
            value = MAPPER.readValue(document, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Expected the variables to be a JSON document, but it does not parse: "
                    + e.getOriginalMessage());
        }
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Expected the variables to be a JSON object, but it was "
                    + document.strip().charAt(0) + "...");
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((name, item) -> variables.put(name, normalize(item)));
        return variables;
    }

    String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Brings a value (a FEEL result or a parsed JSON value) to the engine's JSON types. */
    Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean flag -> flag;
            case Integer number -> number.longValue();
            case Long number -> number;
            case Short number -> number.longValue();
            case Byte number -> number.longValue();
            case BigInteger number -> number.bitLength() < 64 ? (Object) number.longValue() : number.doubleValue();
            case BigDecimal number -> decimal(number);
            case Number number -> number.doubleValue();
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), normalize(item)));
                yield copy;
            }
            case Iterable<?> items -> {
                List<Object> copy = new ArrayList<>();
                items.forEach(item -> copy.add(normalize(item)));
                yield copy;
            }
            case TemporalAccessor time -> time.toString();
            case TemporalAmount amount -> amount.toString();
            default -> value.toString();
        };
    }

    private static Object decimal(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() < 19) {
            return stripped.longValueExact();
        }
        return number.doubleValue();
    }

    Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }
}
