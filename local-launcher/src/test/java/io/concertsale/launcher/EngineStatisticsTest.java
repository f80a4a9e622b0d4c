package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.ElementIntent;
import io.concertsale.engine.record.EngineRecord.ElementType;
import io.concertsale.engine.record.EngineRecord.IncidentIntent;
import io.concertsale.router.monitor.ProcessStatistics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The monitor's numbers, counted from the engine's records: activations, completions, open incidents. */
class EngineStatisticsTest {

    private final EngineStatistics statistics = new EngineStatistics();
    private long position;

    @Test
    void countsWhereTheInstancesAreAndTheIncidentsOpenThere() {
        statistics.onRecord(new EngineRecord.ProcessDeployed(++position, 0, 7, "p", 1, "p.bpmn",
                "<xml/>".getBytes(StandardCharsets.UTF_8)));
        element(ElementIntent.ACTIVATED, 100, "p", ElementType.PROCESS);
        element(ElementIntent.ACTIVATED, 101, "Task", ElementType.SERVICE_TASK);
        element(ElementIntent.ACTIVATED, 102, "Task", ElementType.SERVICE_TASK);
        element(ElementIntent.COMPLETED, 101, "Task", ElementType.SERVICE_TASK);
        incident(IncidentIntent.CREATED, 900, "Task", "No more retries left.");
        incident(IncidentIntent.CREATED, 901, "Task", "No more retries left.");
        incident(IncidentIntent.CREATED, 902, "Mapping", "Failed to evaluate expression 'x'");

        ProcessStatistics.Definition definition = statistics.definitions().getFirst();
        assertThat(definition.counts()).doesNotContainKey("p");
        assertThat(definition.counts().get("Task")).isEqualTo(new ProcessStatistics.ElementCount(1, 1, 0, 2,
                java.util.List.of("No more retries left.")));
        assertThat(definition.counts().get("Mapping")).as("an incident before the element activated")
                .isEqualTo(new ProcessStatistics.ElementCount(0, 0, 0, 1,
                        java.util.List.of("Failed to evaluate expression 'x'")));

        incident(IncidentIntent.RESOLVED, 900, "Task", "No more retries left.");
        assertThat(statistics.definitions().getFirst().counts().get("Task").incidents()).isEqualTo(1);
    }

    private void element(ElementIntent intent, long key, String elementId, ElementType type) {
        statistics.onRecord(new EngineRecord.Element(++position, 0, intent, key, 100, 7, "p", 1, elementId, type,
                type == ElementType.PROCESS ? -1 : 100));
    }

    private void incident(IncidentIntent intent, long key, String elementId, String message) {
        statistics.onRecord(new EngineRecord.Incident(++position, 0, intent, key, 100, 7, 102, "p", elementId,
                "JOB_NO_RETRIES", message, 500));
    }
}
