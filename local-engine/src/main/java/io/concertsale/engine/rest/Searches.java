package io.concertsale.engine.rest;

import io.concertsale.engine.rest.SearchIndex.ElementInstanceRow;
import io.concertsale.engine.rest.SearchIndex.ProcessInstanceRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Camunda 8.8's searches of process and element instances ({@code POST /v2/process-instances/search}, {@code POST
 * /v2/element-instances/search}) over the {@link SearchIndex}: the request's {@code filter} (the fields listed
 * below, each a value or an advanced filter with {@code $eq}, {@code $neq}, {@code $in}, {@code $notIn}, {@code
 * $exists} or {@code $like}), {@code sort} and {@code page} ({@code from}, {@code limit}), answered as {@code items} and {@code page}.
 * A filter field the local engine does not search by is refused with 400, never ignored.
 */
final class Searches {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TENANT = "<default>";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private Searches() {
    }

    static ObjectNode processInstances(SearchIndex index, JsonNode request) {
        Predicate<ProcessInstanceRow> filter = row -> true;
        for (Map.Entry<String, JsonNode> field : fields(request.get("filter"))) {
            JsonNode value = field.getValue();
            Predicate<ProcessInstanceRow> test = switch (field.getKey()) {
                case "processInstanceKey" -> matching(value, row -> String.valueOf(row.processInstanceKey()));
                case "processDefinitionKey" -> matching(value, row -> String.valueOf(row.processDefinitionKey()));
                case "processDefinitionId" -> matching(value, ProcessInstanceRow::processDefinitionId);
                case "processDefinitionVersion" -> matching(value,
                        row -> String.valueOf(row.processDefinitionVersion()));
                case "state" -> matching(value, ProcessInstanceRow::state);
                case "hasIncident" -> row -> row.hasIncident() == value.asBoolean();
                case "tenantId" -> matching(value, row -> TENANT);
                case "variables" -> variables(value);
                default -> throw unsupported("process instances", field.getKey());
            };
            filter = filter.and(test);
        }
        List<ProcessInstanceRow> rows = new ArrayList<>(index.processInstances(filter));
        rows.sort(order(request.get("sort"), Map.of(
                "processInstanceKey", Comparator.comparingLong(ProcessInstanceRow::processInstanceKey),
                "processDefinitionKey", Comparator.comparingLong(ProcessInstanceRow::processDefinitionKey),
                "startDate", Comparator.comparingLong(ProcessInstanceRow::startDate),
                "endDate", Comparator.comparing(ProcessInstanceRow::endDate,
                        Comparator.nullsLast(Comparator.naturalOrder()))),
                Comparator.comparingLong(ProcessInstanceRow::processInstanceKey)));
        return page(request.get("page"), rows, (row, item) -> item
                .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                .put("processDefinitionId", row.processDefinitionId())
                .put("processDefinitionVersion", row.processDefinitionVersion())
                .put("state", row.state())
                .put("startDate", date(row.startDate()))
                .put("endDate", row.endDate() == null ? null : date(row.endDate()))
                .put("hasIncident", row.hasIncident())
                .put("tenantId", TENANT)
                .putArray("tags"));
    }

    static ObjectNode elementInstances(SearchIndex index, JsonNode request) {
        Predicate<ElementInstanceRow> filter = row -> true;
        for (Map.Entry<String, JsonNode> field : fields(request.get("filter"))) {
            JsonNode value = field.getValue();
            Predicate<ElementInstanceRow> test = switch (field.getKey()) {
                case "processInstanceKey" -> matching(value, row -> String.valueOf(row.processInstanceKey()));
                case "processDefinitionKey" -> matching(value, row -> String.valueOf(row.processDefinitionKey()));
                case "processDefinitionId" -> matching(value, ElementInstanceRow::processDefinitionId);
                case "elementInstanceKey" -> matching(value, row -> String.valueOf(row.elementInstanceKey()));
                case "elementId" -> matching(value, ElementInstanceRow::elementId);
                case "type" -> matching(value, row -> row.type().name());
                case "state" -> matching(value, ElementInstanceRow::state);
                case "hasIncident" -> row -> (row.incidentKey() != null) == value.asBoolean();
                case "incidentKey" -> matching(value, row -> row.incidentKey() == null ? null
                        : String.valueOf(row.incidentKey()));
                case "tenantId" -> matching(value, row -> TENANT);
                default -> throw unsupported("element instances", field.getKey());
            };
            filter = filter.and(test);
        }
        List<ElementInstanceRow> rows = new ArrayList<>(index.elementInstances(filter));
        rows.sort(order(request.get("sort"), Map.of(
                "elementInstanceKey", Comparator.comparingLong(ElementInstanceRow::elementInstanceKey),
                "processInstanceKey", Comparator.comparingLong(ElementInstanceRow::processInstanceKey),
                "elementId", Comparator.comparing(ElementInstanceRow::elementId),
                "startDate", Comparator.comparingLong(ElementInstanceRow::startDate),
                "endDate", Comparator.comparing(ElementInstanceRow::endDate,
                        Comparator.nullsLast(Comparator.naturalOrder()))),
                Comparator.comparingLong(ElementInstanceRow::elementInstanceKey)));
        return page(request.get("page"), rows, (row, item) -> item
                .put("elementInstanceKey", String.valueOf(row.elementInstanceKey()))
                .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                .put("processDefinitionId", row.processDefinitionId())
                .put("elementId", row.elementId())
                .put("elementName", row.elementId())
                .put("type", row.type().name())
                .put("state", row.state())
                .put("startDate", date(row.startDate()))
                .put("endDate", row.endDate() == null ? null : date(row.endDate()))
                .put("hasIncident", row.incidentKey() != null)
                .put("incidentKey", row.incidentKey() == null ? null : String.valueOf(row.incidentKey()))
                .put("tenantId", TENANT));
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return List.of();
        }
        if (!filter.isObject()) {
            throw new RestGateway.Problem(400, "Bad request", "filter must be a JSON object");
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        filter.properties().forEach(field -> {
            // camunda-client-java sends every field of its filter model, the unset ones as null or []
            if (!field.getValue().isNull() && !(field.getValue().isArray() && field.getValue().isEmpty())) {
                fields.add(field);
            }
        });
        return fields;
    }

    /** A field's filter: a plain value, or an advanced filter ({@code $eq}, {@code $neq}, {@code $in}, ...). */
    private static <T> Predicate<T> matching(JsonNode filter, Function<T, String> field) {
        Predicate<String> test = valueFilter(filter);
        return row -> test.test(field.apply(row));
    }

    private static Predicate<String> valueFilter(JsonNode filter) {
        if (filter.isValueNode()) {
            String expected = filter.asString();
            return expected::equals;
        }
        if (!filter.isObject()) {
            throw new RestGateway.Problem(400, "Bad request", "A filter is a value or an object of operators, not "
                    + filter);
        }
        Predicate<String> test = value -> true;
        for (Map.Entry<String, JsonNode> operator : filter.properties()) {
            JsonNode operand = operator.getValue();
            if (operand.isNull() || operand.isArray() && operand.isEmpty()) {
                // camunda-client-java sends every operator of its filter model, the unset ones as null or []
                continue;
            }
            Predicate<String> next = switch (operator.getKey()) {
                case "$eq" -> operand.asString()::equals;
                case "$neq" -> value -> !operand.asString().equals(value);
                case "$exists" -> value -> (value != null) == operand.asBoolean();
                case "$in" -> {
                    Set<String> allowed = new java.util.HashSet<>();
                    operand.forEach(item -> allowed.add(item.asString()));
                    yield allowed::contains;
                }
                case "$notIn" -> {
                    Set<String> excluded = new java.util.HashSet<>();
                    operand.forEach(item -> excluded.add(item.asString()));
                    yield value -> !excluded.contains(value);
                }
                case "$like" -> {
                    Pattern pattern = Pattern.compile(Pattern.quote(operand.asString()).replace("*", "\\E.*\\Q")
                            .replace("?", "\\E.\\Q"));
                    yield value -> value != null && pattern.matcher(value).matches();
                }
                default -> throw new RestGateway.Problem(400, "Bad request", "The local engine does not filter with "
                        + operator.getKey() + " (it knows $eq, $neq, $in, $notIn, $exists and $like)");
            };
            test = test.and(next);
        }
        return test;
    }

    private static Predicate<ProcessInstanceRow> variables(JsonNode filters) {
        if (!filters.isArray()) {
            throw new RestGateway.Problem(400, "Bad request", "variables is a list of {name, value}");
        }
        Predicate<ProcessInstanceRow> test = row -> true;
        for (JsonNode variable : filters) {
            String name = variable.path("name").asString("");
            if (name.isBlank() || !variable.has("value")) {
                throw new RestGateway.Problem(400, "Bad request", "A variable filter needs a name and a value");
            }
            Predicate<String> value = valueFilter(variable.get("value"));
            test = test.and(row -> row.variables().containsKey(name) && value.test(row.variables().get(name)));
        }
        return test;
    }

    private static <T> Comparator<T> order(JsonNode sort, Map<String, Comparator<T>> fields, Comparator<T> byKey) {
        Comparator<T> order = null;
        if (sort != null && !sort.isNull()) {
            for (JsonNode criterion : sort) {
                String field = criterion.path("field").asString("");
                Comparator<T> next = fields.get(field);
                if (next == null) {
                    throw new RestGateway.Problem(400, "Bad request", "The local engine does not sort by '" + field
                            + "' (it sorts by " + String.join(", ", new java.util.TreeSet<>(fields.keySet())) + ")");
                }
                if ("DESC".equalsIgnoreCase(criterion.path("order").asString("ASC"))) {
                    next = next.reversed();
                }
                order = order == null ? next : order.thenComparing(next);
            }
        }
        return order == null ? byKey : order.thenComparing(byKey);
    }

    private static <T> ObjectNode page(JsonNode page, List<T> rows, java.util.function.BiConsumer<T, ObjectNode> item) {
        int from = page == null ? 0 : page.path("from").asInt(0);
        int limit = page == null ? DEFAULT_LIMIT : page.path("limit").asInt(DEFAULT_LIMIT);
        if (page != null && (page.hasNonNull("after") || page.hasNonNull("before"))) {
            throw new RestGateway.Problem(400, "Bad request", "The local engine pages with from and limit, not with"
                    + " cursors");
        }
        if (from < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new RestGateway.Problem(400, "Bad request", "page.from must be 0 or more and page.limit 1 to "
                    + MAX_LIMIT);
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode items = result.putArray("items");
        rows.stream().skip(from).limit(limit).forEach(row -> item.accept(row, items.addObject()));
        result.putObject("page").put("totalItems", rows.size()).put("hasMoreTotalItems", false)
                .putNull("startCursor").putNull("endCursor");
        return result;
    }

    private static RestGateway.Problem unsupported(String what, String field) {
        return new RestGateway.Problem(400, "Bad request", "The local engine does not search " + what + " by '"
                + field + "'");
    }

    private static String date(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
