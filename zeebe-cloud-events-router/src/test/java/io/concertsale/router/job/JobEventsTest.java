package io.concertsale.router.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event a job emits, built from its task headers and variables. */
class JobEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-20T18:00:00Z");
    private static final URI SINK = URI.create("http://broker/default/default");

    private final JobEvents events = new JobEvents(URI.create("urn:router"), SINK, "correlationKey", JSON,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static JobEvents.Job job(Map<String, String> headers, Map<String, Object> variables) {
        return new JobEvents.Job(2251799813685300L, 2251799813685200L, "order", "Task_Notify", headers, variables);
    }

    private static Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("orderId", "o-1");
        variables.put("amount", 12.5);
        variables.put("correlationKey", "customer-7");
        return variables;
    }

    private static JsonNode data(CloudEvent event) {
        return JSON.readTree(event.getData().toBytes());
    }

    @Test
    void theEventCarriesTheJobsIdentityAndAllVariablesByDefault() {
        JobEvents.Emission emission = events.emission(job(Map.of("type", "Order.Notified"), variables()));

        CloudEvent event = emission.event();
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getId()).isEqualTo("2251799813685300");
        assertThat(event.getType()).isEqualTo("Order.Notified");
        assertThat(event.getSource()).isEqualTo(URI.create("urn:router"));
        assertThat(event.getTime().toInstant()).isEqualTo(NOW);
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getSubject()).isNull();
        assertThat(data(event).propertyNames()).containsExactly("orderId", "amount", "correlationKey");
        assertThat(event.getExtension("correlationkey")).isEqualTo("customer-7");
        assertThat(event.getExtension("processinstancekey")).isEqualTo("2251799813685200");
        assertThat(event.getExtension("elementid")).isEqualTo("Task_Notify");
        assertThat(event.getExtension("jobkey")).isEqualTo("2251799813685300");
        assertThat(event.getExtension("bpmnprocessid")).isEqualTo("order");
        assertThat(emission.sink()).isEqualTo(SINK);
        assertThat(emission.mode()).isEqualTo(JobEvents.Mode.EMIT);
    }

    @Test
    void headersChooseSourceSinkSubjectModeAndTheVariablesOfTheData() {
        JobEvents.Emission emission = events.emission(job(Map.of("type", "Order.Asked",
                "source", "urn:orders", "sink", "https://elsewhere.example/in", "subject", "o-1",
                "mode", "emit-and-wait", "variables", " amount , orderId,missing "), variables()));

        CloudEvent event = emission.event();
        assertThat(event.getSource()).isEqualTo(URI.create("urn:orders"));
        assertThat(event.getSubject()).isEqualTo("o-1");
        assertThat(data(event).propertyNames()).containsExactly("amount", "orderId");
        assertThat(data(event).path("amount").asDouble()).isEqualTo(12.5);
        assertThat(emission.sink()).isEqualTo(URI.create("https://elsewhere.example/in"));
        assertThat(emission.mode()).isEqualTo(JobEvents.Mode.EMIT_AND_WAIT);
    }

    @Test
    void theSameJobAlwaysGivesTheSameEventId() {
        assertThat(events.emission(job(Map.of("type", "A.B"), variables())).event().getId())
                .isEqualTo(events.emission(job(Map.of("type", "A.B"), Map.of())).event().getId());
    }

    @Test
    void withoutTheCorrelationKeyVariableThereIsNoCorrelationKeyExtension() {
        CloudEvent event = events.emission(job(Map.of("type", "A.B"), Map.of("x", 1))).event();
        CloudEvent switchedOff = new JobEvents(URI.create("urn:router"), SINK, null, JSON, Clock.systemUTC())
                .emission(job(Map.of("type", "A.B"), variables())).event();

        assertThat(event.getExtension("correlationkey")).isNull();
        assertThat(switchedOff.getExtension("correlationkey")).isNull();
    }

    @Test
    void tasksThatCanNeverEmitAreRefusedWithTheReason() {
        assertThatThrownBy(() -> events.emission(job(Map.of(), variables())))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("no 'type' header");
        assertThatThrownBy(() -> events.emission(job(Map.of("type", "A.B", "mode", "fire-and-forget"), variables())))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("emit-and-wait");
        assertThatThrownBy(() -> events.emission(job(Map.of("type", "A.B", "sink", "/relative"), variables())))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> events.emission(job(Map.of("type", "A.B", "source", "not a uri"), variables())))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("not a URI");
    }
}
