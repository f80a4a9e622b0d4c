package io.concertsale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The routing facts exist once, in the catalog: this test generates from it every file that repeats them and fails
 * when a committed one differs. It writes
 * <ul>
 * <li>{@code knative/2x0-<service>-triggers.yaml}: one Trigger per (type, consumer) pair of the services, with a
 * comment from the catalog's meaning and the consumer's reaction (the router's Triggers are its own: it creates them
 * when a process model is deployed);</li>
 * <li>{@code knative/400-event-policies.yaml}: one EventPolicy per producer listing the types it produces;</li>
 * <li>the {@code triggers} section of {@code charts/<service>/values.yaml} of each consuming service;</li>
 * <li>the {@code events.produces} list of {@code charts/<service>/values.yaml} of each producer, from which the chart
 * renders its EventPolicy.</li>
 * </ul>
 * Run with {@code -Dcatalog.update=true} to rewrite them (and docs/events.md) after changing the catalog.
 */
class RoutingFilesTest {

    static final String UPDATE = "catalog.update";
    static final String COMMAND = "./mvnw -pl event-catalog test -D" + UPDATE + "=true";

    private static final Path KNATIVE = Path.of("..", "knative");
    private static final Path CHARTS = Path.of("..", "charts");
    private static final int WIDTH = 120;

    /** A service that Triggers deliver to: its file number and the words that name it in the comments. */
    record Subscriber(String name, int file, String role, String subject) {

        Path knativeFile() {
            return KNATIVE.resolve(file + "-" + name + "-triggers.yaml");
        }

        Path values() {
            return CHARTS.resolve(name).resolve("values.yaml");
        }
    }

    /** In apply order. payments-service consumes nothing; the zeebe-cloud-events-router makes its own Triggers. */
    static final List<Subscriber> SUBSCRIBERS = List.of(
            new Subscriber(Participants.QUEUE, 210, "the waiting room", "The queue service"),
            new Subscriber(Participants.TICKETS, 220, "inventory, reservations and payments", "The tickets service"),
            new Subscriber(Participants.GATEWAY, 230, "the browsers' read model and push", "The gateway"));

    /** The producers, in the order of their EventPolicies. */
    static final List<String> PRODUCERS = List.of(Participants.GATEWAY, Participants.QUEUE, Participants.TICKETS,
            Participants.PAYMENTS, Participants.ROUTER);

    private static final String GENERATED = "Generated from the event catalog (io.concertsale.events.EventCatalog) by "
            + "the event-catalog module's RoutingFilesTest: do not edit. " + COMMAND + " rewrites it after a change "
            + "to the catalog.";

    static Stream<Arguments> subscribers() {
        return SUBSCRIBERS.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("subscribers")
    void theKnativeTriggersOfEachServiceAreTheCatalogs(Subscriber subscriber) throws IOException {
        assertGenerated(subscriber.knativeFile(), triggers(subscriber));
    }

    @Test
    void theKnativeEventPoliciesAreTheCatalogs() throws IOException {
        assertGenerated(KNATIVE.resolve("400-event-policies.yaml"), policies());
    }

    @ParameterizedTest
    @MethodSource("subscribers")
    void theTriggerSectionOfEachServiceChartIsTheCatalogs(Subscriber subscriber) throws IOException {
        String values = Files.readString(subscriber.values(), StandardCharsets.UTF_8);
        int[] section = triggerSection(values);
        assertGenerated(subscriber.values(),
                values.substring(0, section[0]) + chartTriggers(subscriber) + values.substring(section[1]));
    }

    static Stream<Arguments> producers() {
        return PRODUCERS.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("producers")
    void theProducesListOfEachServiceChartIsTheCatalogs(String producer) throws IOException {
        Path file = CHARTS.resolve(producer).resolve("values.yaml");
        String values = Files.readString(file, StandardCharsets.UTF_8);
        int[] section = section(values, "events", "produces");
        assertGenerated(file, values.substring(0, section[0]) + chartProduces(producer) + values.substring(section[1]));
    }

    @Test
    void everyConsumerOfTheCatalogGetsTriggersHereOrIsTheRouter() {
        for (EventDefinition definition : EventCatalog.all()) {
            for (String consumer : definition.consumers()) {
                assertThat(consumer.equals(Participants.ROUTER)
                        || SUBSCRIBERS.stream().anyMatch(subscriber -> subscriber.name().equals(consumer)))
                        .as("%s consumes %s: add it to RoutingFilesTest.SUBSCRIBERS", consumer, definition.type())
                        .isTrue();
            }
            assertThat(PRODUCERS).as("producer of %s", definition.type()).contains(definition.producer());
        }
    }

    @Test
    void theTriggerSectionRunsFromTheCommentAboveItsKeyToTheNextTopLevelKey() {
        String last = "a: 1\n\n# about the triggers\n# more\ntriggers:\n  enabled: true\n  types:\n    - A.B\n";
        String middle = "# about the triggers\ntriggers:\n  types:\n\n    - A.B\n\n# then\nb: 2\n";

        int[] atTheEnd = triggerSection(last);
        assertThat(last.substring(atTheEnd[0], atTheEnd[1])).isEqualTo("# about the triggers\n# more\ntriggers:\n"
                + "  enabled: true\n  types:\n    - A.B\n");
        assertThat(atTheEnd[1]).isEqualTo(last.length());
        int[] before = triggerSection(middle);
        assertThat(middle.substring(before[0], before[1])).isEqualTo("# about the triggers\ntriggers:\n  types:\n\n"
                + "    - A.B\n");
        assertThat(middle.substring(before[1])).isEqualTo("\n# then\nb: 2\n");
        assertThatThrownBy(() -> triggerSection("a: 1\n")).hasMessageContaining("no triggers: in the chart's values");
    }

    @Test
    void aNestedSectionRunsFromTheCommentAboveItsKeyToTheNextKeyOfItsParent() {
        String values = "# about events\nevents:\n  # the sink\n  sink: broker\n  # about produces\n  # more\n"
                + "  produces:\n    - A.B\n\n    - C.D\n\n  other: 1\nnext:\n  produces:\n    - E.F\n";
        String last = "events:\n  sink: broker\n  # about produces\n  produces:\n    - A.B\n\n# next\nnext: 1\n";

        int[] inside = section(values, "events", "produces");
        assertThat(values.substring(inside[0], inside[1]))
                .isEqualTo("  # about produces\n  # more\n  produces:\n    - A.B\n\n    - C.D\n");
        assertThat(values.substring(inside[1])).startsWith("\n  other: 1\nnext:\n");
        int[] atTheEnd = section(last, "events", "produces");
        assertThat(last.substring(atTheEnd[0], atTheEnd[1])).isEqualTo("  # about produces\n  produces:\n    - A.B\n");
        assertThat(last.substring(atTheEnd[1])).isEqualTo("\n# next\nnext: 1\n");
        // only under its parent: the key of another parent, or one that is not there, is no section
        assertThatThrownBy(() -> section("events:\n  sink: broker\nnext:\n  produces: []\n", "events", "produces"))
                .hasMessageContaining("no events.produces: in the chart's values");
        assertThatThrownBy(() -> section("  events:\n    produces: []\n", "events", "produces"))
                .hasMessageContaining("no events: in the chart's values");
        // a key with its value on the same line is the whole section
        int[] flow = section("events:\n  produces: []\n  sink: broker\n", "events", "produces");
        assertThat(flow).containsExactly(8, 23);
    }

    @Test
    void aStaleFileFailsNamingTheCommandAndIsRewrittenOnRequest() throws IOException {
        Path file = Path.of("target", "routing-files-test", "stale.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old\n");

        assertThatThrownBy(() -> assertGenerated(file, "new\n", false))
                .isInstanceOf(AssertionError.class).hasMessageContaining(COMMAND);
        assertGenerated(file, "new\n", true);
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }

    /** Rewrites the file with {@code -Dcatalog.update=true}; fails when it is not what the catalog gives. */
    static void assertGenerated(Path file, String generated) throws IOException {
        assertGenerated(file, generated, Boolean.getBoolean(UPDATE));
    }

    static void assertGenerated(Path file, String generated, boolean update) throws IOException {
        if (update) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is out of date with the event catalog: run %s", file.normalize(), COMMAND)
                .isEqualTo(generated);
    }

    /**
     * Where the generated {@code triggers} section of a chart's values begins and ends: from the comment lines right
     * above the top-level {@code triggers:} to the end of its block (the next top-level line, or the end of the file).
     */
    static int[] triggerSection(String values) {
        return section(values, "triggers");
    }

    /**
     * Where a generated part of a chart's values begins and ends: from the comment lines right above the key at the
     * end of the path (each key a level deeper, two spaces, inside the block of the one before) to the end of its
     * block (the next line indented no deeper than the key, or the end of the file), trailing blank lines left out.
     */
    static int[] section(String values, String... path) {
        List<String> lines = values.lines().toList();
        int from = 0;
        int to = lines.size();
        int key = -1;
        String indent = "";
        for (int depth = 0; depth < path.length; depth++) {
            indent = "  ".repeat(depth);
            key = -1;
            for (int i = from; i < to && key < 0; i++) {
                String line = lines.get(i);
                if (line.equals(indent + path[depth] + ":") || line.startsWith(indent + path[depth] + ": ")) {
                    key = i;
                }
            }
            if (key < 0) {
                throw new IllegalStateException("no " + String.join(".", List.of(path).subList(0, depth + 1))
                        + ": in the chart's values");
            }
            from = key + 1;
            to = blockEnd(lines, key, indent);
        }
        int start = key;
        while (start > 0 && lines.get(start - 1).startsWith(indent + "#")) {
            start--;
        }
        return new int[] {offset(values, start), offset(values, to)};
    }

    /** The line after the block of the key: its deeper lines and blank lines, trailing blank lines left out. */
    private static int blockEnd(List<String> lines, int key, String indent) {
        int end = key + 1;
        while (end < lines.size() && (lines.get(end).isEmpty() || lines.get(end).startsWith(indent + " "))) {
            end++;
        }
        while (end > key + 1 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        return end;
    }

    private static int offset(String text, int line) {
        int offset = 0;
        for (int i = 0; i < line; i++) {
            int next = text.indexOf('\n', offset);
            offset = next < 0 ? text.length() : next + 1;
        }
        return offset;
    }

    static String triggers(Subscriber subscriber) {
        StringBuilder file = new StringBuilder();
        file.append(comment(GENERATED)).append("#\n").append(comment("Triggers of " + subscriber.name() + " ("
                + subscriber.role() + "): one per event type it consumes, as the event catalog lists them. Each "
                + "delivers to the service's /events endpoint, retries 5 times with exponential backoff from 0.2 s "
                + "(waits of 0.4 s, 0.8 s ... 6.4 s) and then hands the event to the dead letter sink. Triggers of "
                + "the zeebe-cloud-events-router are not here: the router creates them when a process model is "
                + "deployed."));
        for (String type : EventCatalog.consumedBy(subscriber.name())) {
            EventDefinition definition = EventCatalog.get(type);
            String reaction = definition.reaction(subscriber.name()).orElseThrow(() -> new IllegalStateException(
                    "The catalog says not what " + subscriber.name() + " does with " + type));
            String producer = definition.producer().equals(Participants.ROUTER)
                    ? "the process (" + Participants.ROUTER + ")" : definition.producer();
            file.append("---\n").append(comment(type + ": " + producer + " -> " + subscriber.name() + ". "
                    + sentence(definition.meaning()) + " " + subscriber.subject() + " " + reaction + "."));
            file.append("""
                    apiVersion: eventing.knative.dev/v1
                    kind: Trigger
                    metadata:
                      name: %1$s-%2$s
                      labels:
                        app.kubernetes.io/part-of: concert-sale
                        concertsale.io/consumer: %1$s
                    spec:
                      broker: default
                      filter:
                        attributes:
                          type: %3$s
                      subscriber:
                        ref:
                          apiVersion: serving.knative.dev/v1
                          kind: Service
                          name: %1$s
                        uri: /events
                        audience: %1$s
                      delivery:
                        retry: 5
                        backoffPolicy: exponential
                        backoffDelay: PT0.2S
                        deadLetterSink:
                          ref:
                            apiVersion: serving.knative.dev/v1
                            kind: Service
                            name: dead-letter-sink
                    """.formatted(subscriber.name(), kebab(type), type));
        }
        return file.toString();
    }

    static String policies() {
        Map<String, List<String>> produced = new LinkedHashMap<>();
        PRODUCERS.forEach(producer -> produced.put(producer, new ArrayList<>()));
        EventCatalog.all().forEach(definition -> produced.get(definition.producer()).add(definition.type()));
        StringBuilder file = new StringBuilder();
        file.append(comment(GENERATED)).append("#\n").append(comment("EventPolicies of the sale's Broker (Knative "
                + "Eventing's authorization, with authentication-oidc enabled): each producer may send to the Broker "
                + "`default` only the event types the event catalog says it produces. Once any policy applies to the "
                + "Broker, a sender no policy names is refused (403), and so is an event whose type its sender's "
                + "policy does not list. The producers are identified by their SinkBinding, whose OIDC identity "
                + "Knative creates (ServiceAccount <name>-oidc-sources.knative.dev-sinkbinding) and whose token it "
                + "mounts at /oidc/token in the workload. The namespace is left to kubectl or Helm. The local broker "
                + "reads this very file and enforces it the same way; the charts render the same policies from each "
                + "chart's events.produces, generated from the catalog too."));
        produced.forEach((producer, types) -> {
            file.append("---\n").append(comment(producer + " produces " + String.join(", ", types) + "."));
            file.append("""
                    apiVersion: eventing.knative.dev/v1alpha1
                    kind: EventPolicy
                    metadata:
                      name: %1$s-produces
                      labels:
                        app.kubernetes.io/part-of: concert-sale
                        concertsale.io/producer: %1$s
                    spec:
                      to:
                        - ref:
                            apiVersion: eventing.knative.dev/v1
                            kind: Broker
                            name: default
                      from:
                        - ref:
                            apiVersion: sources.knative.dev/v1
                            kind: SinkBinding
                            name: %1$s
                      filters:
                        - any:
                    """.formatted(producer));
            types.forEach(type -> file.append("        - exact:\n            type: ").append(type)
                    .append('\n'));
        });
        return file.toString();
    }

    /** The generated end of a service chart's values.yaml: its Trigger types, which a user may override. */
    static String chartTriggers(Subscriber subscriber) {
        StringBuilder section = new StringBuilder();
        section.append(comment(GENERATED.replace("rewrites it", "rewrites this section")))
                .append(comment("One Trigger per event type the service consumes, named " + subscriber.name()
                        + "-<type in kebab case>, delivering to /events with global.delivery: the Triggers of "
                        + "knative/" + subscriber.knativeFile().getFileName() + ", whose comments say why each "
                        + "exists. Set triggers.types in your own values to route other types; triggers.enabled "
                        + "false renders none."))
                .append("triggers:\n  enabled: true\n  types:\n");
        EventCatalog.consumedBy(subscriber.name()).forEach(type -> section.append("    - ").append(type).append('\n'));
        return section.toString();
    }

    /**
     * The generated {@code events.produces} of a producer's chart: the types its EventPolicy lets it send, in the
     * catalog's order (that of knative/400-event-policies.yaml).
     */
    static String chartProduces(String producer) {
        List<String> types = EventCatalog.all().stream().filter(definition -> definition.producer().equals(producer))
                .map(EventDefinition::type).toList();
        StringBuilder section = new StringBuilder();
        section.append(comment(GENERATED.replace("rewrites it", "rewrites this list"), "  "))
                .append(comment("The event types the service produces, as the event catalog lists them: the "
                        + "EventPolicy <service>-produces lets it send these to the Broker and no other, as "
                        + "knative/400-event-policies.yaml does.", "  "));
        if (types.isEmpty()) {
            return section.append("  produces: []\n").toString();
        }
        section.append("  produces:\n");
        types.forEach(type -> section.append("    - ").append(type).append('\n'));
        return section.toString();
    }

    /** YAML comment lines of at most {@value #WIDTH} characters (a longer word gets a line of its own). */
    static String comment(String text) {
        return comment(text, "");
    }

    /** The same comment lines, indented (for a key inside a block). */
    static String comment(String text, String indent) {
        StringBuilder lines = new StringBuilder();
        StringBuilder line = new StringBuilder(indent + "#");
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() + 1 && line.length() + 1 + word.length() > WIDTH) {
                lines.append(line).append('\n');
                line = new StringBuilder(indent + "#");
            }
            line.append(' ').append(word);
        }
        return lines.append(line).append('\n').toString();
    }

    private static String sentence(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    /** {@code Tickets.ReservationRejected} → {@code tickets-reservation-rejected}. */
    static String kebab(String type) {
        return type.replace(".", "-").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
