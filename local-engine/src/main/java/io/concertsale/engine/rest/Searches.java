package io.concertsale.engine.rest;

import io.concertsale.engine.rest.SearchIndex.DefinitionRow;
import io.concertsale.engine.rest.SearchIndex.ElementInstanceRow;
import io.concertsale.engine.rest.SearchIndex.IncidentRow;
import io.concertsale.engine.rest.SearchIndex.JobRow;
import io.concertsale.engine.rest.SearchIndex.ProcessInstanceRow;
import io.concertsale.engine.rest.SearchIndex.VariableRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Camunda 8.8's searches over the {@link SearchIndex}: {@code POST /v2/process-definitions/search},
 * {@code /v2/process-instances/search}, {@code /v2/element-instances/search}, {@code /v2/jobs/search},
 * {@code /v2/incidents/search} and {@code /v2/variables/search}. A request has a {@code filter} (the fields each
 * {@link Kind} lists, each a value or an advanced filter with {@code $eq}, {@code $neq}, {@code $in}, {@code $notIn},
 * {@code $exists} or {@code $like}), a {@code sort} and a {@code page} ({@code from}, {@code limit}); the answer has
 * {@code items} and {@code page}. A filter field or operator the local engine does not search by is refused with 400,
 * never ignored.
 */
final class Searches {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TENANT = "<default>";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    /**
     * One thing that can be searched: where its rows come from, the fields a filter may name (each as the text the
     * filter compares) and those with a filter of their own, the fields it sorts by, and how a row is answered.
     */
    record Kind<T>(String what, Function<Predicate<T>, List<T>> rows, Map<String, Function<T, String>> fields,
            Map<String, Function<JsonNode, Predicate<T>>> special, Map<String, Comparator<T>> sorts,
            Comparator<T> byKey, BiConsumer<T, ObjectNode> item) {
    }

    private Searches() {
    }

    /** Every kind of search the index answers, by the path it is served on. */
    static Map<String, Kind<?>> all(SearchIndex index) {
        return Map.of(
                "/v2/process-definitions/search", processDefinitions(index),
                "/v2/process-instances/search", processInstances(index),
                "/v2/element-instances/search", elementInstances(index),
                "/v2/jobs/search", jobs(index),
                "/v2/incidents/search", incidents(index),
                "/v2/variables/search", variables(index));
    }

    static Kind<DefinitionRow> processDefinitions(SearchIndex index) {
        return new Kind<>("process definitions", index::definitions, Map.of(
                "processDefinitionKey", row -> String.valueOf(row.processDefinitionKey()),
                "processDefinitionId", DefinitionRow::processDefinitionId,
                "version", row -> String.valueOf(row.version()),
                "resourceName", DefinitionRow::resourceName,
                "isLatestVersion", row -> String.valueOf(index.isLatest(row)),
                "tenantId", row -> TENANT),
                Map.of(),
                Map.of("processDefinitionKey", longs(DefinitionRow::processDefinitionKey),
                        "processDefinitionId", texts(DefinitionRow::processDefinitionId),
                        "version", longs(row -> (long) row.version())),
                longs(DefinitionRow::processDefinitionKey),
                (row, item) -> item
                        .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                        .put("processDefinitionId", row.processDefinitionId())
                        .put("name", row.processDefinitionId())
                        .put("resourceName", row.resourceName())
                        .put("version", row.version())
                        .putNull("versionTag")
                        .put("tenantId", TENANT)
                        .put("hasStartForm", false));
    }

    static Kind<ProcessInstanceRow> processInstances(SearchIndex index) {
        return new Kind<>("process instances", index::processInstances, Map.of(
                "processInstanceKey", row -> String.valueOf(row.processInstanceKey()),
                "processDefinitionKey", row -> String.valueOf(row.processDefinitionKey()),
                "processDefinitionId", ProcessInstanceRow::processDefinitionId,
                "processDefinitionVersion", row -> String.valueOf(row.processDefinitionVersion()),
                "state", ProcessInstanceRow::state,
                "hasIncident", row -> String.valueOf(row.hasIncident()),
                "tenantId", row -> TENANT),
                Map.of("variables", Searches::variables),
                Map.of("processInstanceKey", longs(ProcessInstanceRow::processInstanceKey),
                        "processDefinitionKey", longs(ProcessInstanceRow::processDefinitionKey),
                        "startDate", longs(ProcessInstanceRow::startDate),
                        "endDate", longs(ProcessInstanceRow::endDate)),
                longs(ProcessInstanceRow::processInstanceKey),
                (row, item) -> item
                        .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                        .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                        .put("processDefinitionId", row.processDefinitionId())
                        .put("processDefinitionVersion", row.processDefinitionVersion())
                        .put("state", row.state())
                        .put("startDate", date(row.startDate()))
                        .put("endDate", date(row.endDate()))
                        .put("hasIncident", row.hasIncident())
                        .put("tenantId", TENANT)
                        .putArray("tags"));
    }

    static Kind<ElementInstanceRow> elementInstances(SearchIndex index) {
        return new Kind<>("element instances", index::elementInstances, Map.of(
                "processInstanceKey", row -> String.valueOf(row.processInstanceKey()),
                "processDefinitionKey", row -> String.valueOf(row.processDefinitionKey()),
                "processDefinitionId", ElementInstanceRow::processDefinitionId,
                "elementInstanceKey", row -> String.valueOf(row.elementInstanceKey()),
                "elementId", ElementInstanceRow::elementId,
                "type", row -> row.type().name(),
                "state", ElementInstanceRow::state,
                "hasIncident", row -> String.valueOf(row.incidentKey() != null),
                "incidentKey", row -> text(row.incidentKey()),
                "tenantId", row -> TENANT),
                Map.of(),
                Map.of("elementInstanceKey", longs(ElementInstanceRow::elementInstanceKey),
                        "processInstanceKey", longs(ElementInstanceRow::processInstanceKey),
                        "elementId", texts(ElementInstanceRow::elementId),
                        "startDate", longs(ElementInstanceRow::startDate),
                        "endDate", longs(ElementInstanceRow::endDate)),
                longs(ElementInstanceRow::elementInstanceKey),
                (row, item) -> item
                        .put("elementInstanceKey", String.valueOf(row.elementInstanceKey()))
                        .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                        .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                        .put("processDefinitionId", row.processDefinitionId())
                        .put("elementId", row.elementId())
                        .put("elementName", row.elementId())
                        .put("type", row.type().name())
                        .put("state", row.state())
                        .put("startDate", date(row.startDate()))
                        .put("endDate", date(row.endDate()))
                        .put("hasIncident", row.incidentKey() != null)
                        .put("incidentKey", text(row.incidentKey()))
                        .put("tenantId", TENANT));
    }

    static Kind<JobRow> jobs(SearchIndex index) {
        return new Kind<>("jobs", index::jobs, Map.ofEntries(
                Map.entry("jobKey", row -> String.valueOf(row.jobKey())),
                Map.entry("type", JobRow::type),
                Map.entry("state", JobRow::state),
                Map.entry("kind", row -> "BPMN_ELEMENT"),
                Map.entry("retries", row -> String.valueOf(row.retries())),
                Map.entry("errorCode", JobRow::errorCode),
                Map.entry("errorMessage", JobRow::errorMessage),
                Map.entry("processDefinitionKey", row -> String.valueOf(row.processDefinitionKey())),
                Map.entry("processDefinitionId", JobRow::processDefinitionId),
                Map.entry("processInstanceKey", row -> String.valueOf(row.processInstanceKey())),
                Map.entry("elementId", JobRow::elementId),
                Map.entry("elementInstanceKey", row -> String.valueOf(row.elementInstanceKey())),
                Map.entry("tenantId", row -> TENANT)),
                Map.of(),
                Map.of("jobKey", longs(JobRow::jobKey),
                        "processInstanceKey", longs(JobRow::processInstanceKey),
                        "deadline", longs(JobRow::deadline)),
                longs(JobRow::jobKey),
                (row, item) -> {
                    item.put("jobKey", String.valueOf(row.jobKey()))
                            .put("type", row.type())
                            .putNull("worker")
                            .put("state", row.state())
                            .put("kind", "BPMN_ELEMENT")
                            .put("listenerEventType", "UNSPECIFIED")
                            .put("retries", row.retries())
                            .put("isDenied", false)
                            .putNull("deniedReason")
                            .put("hasFailedWithRetriesLeft", "FAILED".equals(row.state()) && row.retries() > 0)
                            .put("errorCode", row.errorCode())
                            .put("errorMessage", row.errorMessage());
                    ObjectNode headers = item.putObject("customHeaders");
                    row.customHeaders().forEach(headers::put);
                    item.put("deadline", date(row.deadline()))
                            .put("endTime", date(row.endTime()))
                            .put("processDefinitionId", row.processDefinitionId())
                            .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                            .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                            .put("elementId", row.elementId())
                            .put("elementInstanceKey", String.valueOf(row.elementInstanceKey()))
                            .put("tenantId", TENANT);
                });
    }

    static Kind<IncidentRow> incidents(SearchIndex index) {
        return new Kind<>("incidents", index::incidents, Map.ofEntries(
                Map.entry("incidentKey", row -> String.valueOf(row.incidentKey())),
                Map.entry("processDefinitionKey", row -> String.valueOf(row.processDefinitionKey())),
                Map.entry("processDefinitionId", IncidentRow::processDefinitionId),
                Map.entry("processInstanceKey", row -> String.valueOf(row.processInstanceKey())),
                Map.entry("errorType", IncidentRow::errorType),
                Map.entry("errorMessage", IncidentRow::errorMessage),
                Map.entry("elementId", IncidentRow::elementId),
                Map.entry("elementInstanceKey", row -> String.valueOf(row.elementInstanceKey())),
                Map.entry("state", IncidentRow::state),
                Map.entry("jobKey", row -> text(row.jobKey())),
                Map.entry("tenantId", row -> TENANT)),
                Map.of(),
                Map.of("incidentKey", longs(IncidentRow::incidentKey),
                        "processInstanceKey", longs(IncidentRow::processInstanceKey),
                        "creationTime", longs(IncidentRow::creationTime)),
                longs(IncidentRow::incidentKey),
                (row, item) -> item
                        .put("incidentKey", String.valueOf(row.incidentKey()))
                        .put("processDefinitionKey", String.valueOf(row.processDefinitionKey()))
                        .put("processDefinitionId", row.processDefinitionId())
                        .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                        .put("errorType", row.errorType())
                        .put("errorMessage", row.errorMessage())
                        .put("elementId", row.elementId())
                        .put("elementInstanceKey", String.valueOf(row.elementInstanceKey()))
                        .put("creationTime", date(row.creationTime()))
                        .put("state", row.state())
                        .put("jobKey", text(row.jobKey()))
                        .put("tenantId", TENANT));
    }

    static Kind<VariableRow> variables(SearchIndex index) {
        return new Kind<>("variables", index::variables, Map.of(
                "variableKey", row -> String.valueOf(row.variableKey()),
                "name", VariableRow::name,
                "value", VariableRow::value,
                "scopeKey", row -> String.valueOf(row.scopeKey()),
                "processInstanceKey", row -> String.valueOf(row.processInstanceKey()),
                "isTruncated", row -> "false",
                "tenantId", row -> TENANT),
                Map.of(),
                Map.of("variableKey", longs(VariableRow::variableKey),
                        "name", texts(VariableRow::name),
                        "processInstanceKey", longs(VariableRow::processInstanceKey),
                        "scopeKey", longs(VariableRow::scopeKey)),
                longs(VariableRow::variableKey),
                (row, item) -> item
                        .put("variableKey", String.valueOf(row.variableKey()))
                        .put("name", row.name())
                        .put("value", row.value())
                        .put("scopeKey", String.valueOf(row.scopeKey()))
                        .put("processInstanceKey", String.valueOf(row.processInstanceKey()))
                        .put("isTruncated", false)
                        .put("tenantId", TENANT));
    }

    /** Answers a search request of the kind. */
    static <T> ObjectNode search(Kind<T> kind, JsonNode request) {
        if (request != null && !request.isNull() && !request.isObject()) {
            throw new RestGateway.Problem(400, "Bad request", "A search request is a JSON object");
        }
        Predicate<T> filter = row -> true;
        for (Map.Entry<String, JsonNode> field : fields(request == null ? null : request.get("filter"))) {
            Function<T, String> value = kind.fields().get(field.getKey());
            Function<JsonNode, Predicate<T>> special = kind.special().get(field.getKey());
            Predicate<T> test;
            if (value != null) {
                Predicate<String> matches = valueFilter(field.getValue());
                test = row -> matches.test(value.apply(row));
            } else if (special != null) {
                test = special.apply(field.getValue());
            } else {
                Set<String> known = new TreeSet<>(kind.fields().keySet());
                known.addAll(kind.special().keySet());
                throw new RestGateway.Problem(400, "Bad request", "The local engine does not search " + kind.what()
                        + " by '" + field.getKey() + "' (it searches by " + String.join(", ", known) + ")");
            }
            filter = filter.and(test);
        }
        List<T> rows = new ArrayList<>(kind.rows().apply(filter));
        rows.sort(order(request == null ? null : request.get("sort"), kind.sorts(), kind.byKey()));
        return page(request == null ? null : request.get("page"), rows, kind.item());
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
                case "$in" -> listed(operand)::contains;
                case "$notIn" -> {
                    Set<String> excluded = listed(operand);
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

    private static Set<String> listed(JsonNode operand) {
        if (!operand.isArray()) {
            throw new RestGateway.Problem(400, "Bad request", "$in and $notIn take a list, not " + operand);
        }
        Set<String> values = new HashSet<>();
        operand.forEach(item -> values.add(item.asString()));
        return values;
    }

    /** The process instances whose own variables match every {name, value} filter (values in JSON). */
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
                            + "' (it sorts by " + String.join(", ", new TreeSet<>(fields.keySet())) + ")");
                }
                if ("DESC".equalsIgnoreCase(criterion.path("order").asString("ASC"))) {
                    next = next.reversed();
                }
                order = order == null ? next : order.thenComparing(next);
            }
        }
        return order == null ? byKey : order.thenComparing(byKey);
    }

    private static <T> ObjectNode page(JsonNode page, List<T> rows, BiConsumer<T, ObjectNode> item) {
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

    /** Orders by a number, absent ones last. */
    private static <T> Comparator<T> longs(Function<T, Long> field) {
        return Comparator.comparing(field, Comparator.nullsLast(Comparator.naturalOrder()));
    }

    /** Orders by a text, absent ones last. */
    private static <T> Comparator<T> texts(Function<T, String> field) {
        return Comparator.comparing(field, Comparator.nullsLast(Comparator.naturalOrder()));
    }

    private static String text(Long value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String date(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
