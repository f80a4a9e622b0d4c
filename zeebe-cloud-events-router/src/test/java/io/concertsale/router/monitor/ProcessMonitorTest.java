package io.concertsale.router.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.ModelInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessMonitorTest {

    private static final List<ModelInfo.FlowElement> ELEMENTS = List.of(
            new ModelInfo.FlowElement("p", "Start", "Started", "startEvent"),
            new ModelInfo.FlowElement("p", "Wait", "Wait", "receiveTask"),
            new ModelInfo.FlowElement("p", "End", null, "endEvent"));

    private final DeploymentHistory history = new DeploymentHistory(10);

    private void deployed(long deploymentKey, int version, long definitionKey) {
        history.add(new DeploymentRecord(deploymentKey, Instant.EPOCH, "p-v" + version, List.of("p.bpmn"),
                List.of(new DeploymentRecord.DeployedProcess("p", version, definitionKey, "p.bpmn", ELEMENTS)),
                List.of(), List.of()));
    }

    @Test
    void namesTheCountsOfEveryElementNewestVersionFirst() {
        deployed(1, 1, 11);
        deployed(2, 2, 22);
        ProcessStatistics statistics = () -> Map.of(
                11L, Map.of("Start", new ProcessStatistics.ElementCount(0, 5, 0),
                        "Wait", new ProcessStatistics.ElementCount(2, 3, 1)),
                22L, Map.of("Start", new ProcessStatistics.ElementCount(0, 1, 0)),
                99L, Map.of("Start", new ProcessStatistics.ElementCount(0, 7, 0)));

        ProcessMonitor.Snapshot snapshot = new ProcessMonitor(history, statistics).snapshot();

        assertThat(snapshot.available()).isTrue();
        assertThat(snapshot.detail()).isNull();
        assertThat(snapshot.processes()).extracting(ProcessMonitor.ProcessView::version).containsExactly(2, 1);
        ProcessMonitor.ProcessView v1 = snapshot.processes().get(1);
        assertThat(v1.elements()).containsExactly(
                new ProcessMonitor.ElementView("Start", "Started", "startEvent", 0, 5, 0),
                new ProcessMonitor.ElementView("Wait", "Wait", "receiveTask", 2, 3, 1),
                new ProcessMonitor.ElementView("End", null, "endEvent", 0, 0, 0));
        assertThat(snapshot.processes().getFirst().elements().getFirst().completed()).isEqualTo(1);
    }

    @Test
    void aDefinitionDeployedTwiceIsListedOnce() {
        deployed(1, 1, 11);
        deployed(2, 1, 11);

        assertThat(new ProcessMonitor(history, Map::of).snapshot().processes()).hasSize(1);
    }

    @Test
    void withoutASourceItSaysWhereToLookAndListsTheDefinitionsWithoutNumbers() {
        deployed(1, 1, 11);

        ProcessMonitor.Snapshot snapshot = new ProcessMonitor(history, null).snapshot();

        assertThat(snapshot.available()).isFalse();
        assertThat(snapshot.detail()).contains("Operate");
        assertThat(snapshot.processes()).singleElement().satisfies(process -> assertThat(process.elements())
                .allSatisfy(element -> assertThat(element.completed() + element.active()).isZero()));
    }
}
