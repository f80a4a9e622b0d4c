package io.concertsale.router.job;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the event a job of the worker's type emits, from the task's headers and the job's variables:
 * <ul>
 * <li>{@code type} (required): the event type;</li>
 * <li>{@code source} (optional): the event source instead of {@code router.source};</li>
 * <li>{@code sink} (optional): an http(s) URL to send to instead of {@code router.sink};</li>
 * <li>{@code variables} (optional): a comma-separated list of variable names; the data holds only those (missing
 * ones are left out). Without it, the data holds every variable of the job;</li>
 * <li>{@code mode} (optional): {@code emit} (default) or {@code emit-and-wait};</li>
 * <li>{@code subject} (optional): the event subject.</li>
 * </ul>
 * The event id is the job key, so a retried job sends the same id and consumers drop the repetition. Extensions:
 * {@code correlationkey} (from the correlation key variable, when the job has it), {@code processinstancekey},
 * {@code elementid}, {@code jobkey}, {@code bpmnprocessid}.
 */
public class JobEvents {

    public static final String TYPE_HEADER = "type";
    public static final String SOURCE_HEADER = "source";
    public static final String SINK_HEADER = "sink";
    public static final String VARIABLES_HEADER = "variables";
    public static final String MODE_HEADER = "mode";
    public static final String SUBJECT_HEADER = "subject";

    public static final String CORRELATION_KEY = "correlationkey";
    public static final String PROCESS_INSTANCE_KEY = "processinstancekey";
    public static final String ELEMENT_ID = "elementid";
    public static final String JOB_KEY = "jobkey";
    public static final String BPMN_PROCESS_ID = "bpmnprocessid";

    private static final String JSON = "application/json";

    /** How the job ends once its event was emitted. */
    public enum Mode {
        /** complete the job as soon as the sink accepted the event */
        EMIT("emit"),
        /** keep the job waiting until a reply event carrying its key arrives */
        EMIT_AND_WAIT("emit-and-wait");

        private final String header;

        Mode(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }

        static Mode of(String header) {
            if (header == null || header.isBlank()) {
                return EMIT;
            }
            for (Mode mode : values()) {
                if (mode.header.equals(header.trim().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new InvalidTaskException("The task header mode is '" + header + "'; use emit or emit-and-wait");
        }
    }

    /**
     * What the worker knows of a job.
     *
     * @param headers the task headers
     * @param variables the job's variables
     */
    public record Job(long key, long processInstanceKey, String bpmnProcessId, String elementId,
            Map<String, String> headers, Map<String, Object> variables) {

        public Job {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /**
     * An event to emit.
     *
     * @param sink where to send it
     */
    public record Emission(CloudEvent event, URI sink, Mode mode) {

        public Emission {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(mode, "mode");
        }
    }

    private final URI defaultSource;
    private final URI defaultSink;
    private final String correlationKeyVariable;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param correlationKeyVariable the variable whose value becomes the {@code correlationkey} extension, or null
     */
    public JobEvents(URI defaultSource, URI defaultSink, String correlationKeyVariable, JsonMapper json, Clock clock) {
        this.defaultSource = defaultSource;
        this.defaultSink = defaultSink;
        this.correlationKeyVariable = correlationKeyVariable;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The event the job emits.
     *
     * @throws InvalidTaskException when the task's headers can never make an event
     */
    public Emission emission(Job job) {
        Map<String, String> headers = job.headers();
        String type = header(headers, TYPE_HEADER);
        if (type == null) {
            throw new InvalidTaskException("The task " + job.elementId() + " of process " + job.bpmnProcessId()
                    + " has no '" + TYPE_HEADER + "' header: add a task header naming the CloudEvent type to emit");
        }
        Mode mode = Mode.of(header(headers, MODE_HEADER));
        URI source = uri(header(headers, SOURCE_HEADER), SOURCE_HEADER, false);
        URI sink = uri(header(headers, SINK_HEADER), SINK_HEADER, true);

        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(Long.toString(job.key()))
                .withType(type)
                .withSource(source == null ? defaultSource : source)
                .withTime(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(json.writeValueAsBytes(data(job.variables(), header(headers, VARIABLES_HEADER))))
                .withExtension(PROCESS_INSTANCE_KEY, Long.toString(job.processInstanceKey()))
                .withExtension(ELEMENT_ID, job.elementId())
                .withExtension(JOB_KEY, Long.toString(job.key()))
                .withExtension(BPMN_PROCESS_ID, job.bpmnProcessId());
        String subject = header(headers, SUBJECT_HEADER);
        if (subject != null) {
            event.withSubject(subject);
        }
        String correlationKey = correlationKey(job.variables());
        if (correlationKey != null) {
            event.withExtension(CORRELATION_KEY, correlationKey);
        }
        return new Emission(event.build(), sink == null ? defaultSink : sink, mode);
    }

    private static Map<String, Object> data(Map<String, Object> variables, String names) {
        if (names == null) {
            return variables;
        }
        List<String> selected = Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .toList();
        Map<String, Object> data = new LinkedHashMap<>();
        for (String name : selected) {
            if (variables.containsKey(name)) {
                data.put(name, variables.get(name));
            }
        }
        return data;
    }

    private String correlationKey(Map<String, Object> variables) {
        if (correlationKeyVariable == null) {
            return null;
        }
        Object value = variables.get(correlationKeyVariable);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    private static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static URI uri(String value, String header, boolean http) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (http && !(uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())))) {
                throw new InvalidTaskException("The task header " + header + " '" + value + "' is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidTaskException("The task header " + header + " '" + value + "' is not a URI: "
                    + e.getMessage());
        }
    }
}
