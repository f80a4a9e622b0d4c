package io.concertsale.router.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.router.deployment.DeploymentHistory;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.ModelInfo;
import io.concertsale.router.test.TestModels;
import java.io.IOException;
import java.io.InputStream;
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

    private static ProcessStatistics.Definition definition(long key, int version, byte[] resource,
            Map<String, ProcessStatistics.ElementCount> counts) {
        return new ProcessStatistics.Definition(key, "p", version, "p.bpmn", resource, counts);
    }

    private static ProcessStatistics.ElementCount count(long active, long completed, long terminated) {
        return new ProcessStatistics.ElementCount(active, completed, terminated);
    }

    private static ProcessMonitor.ElementView view(String id, String name, String type, long active, long completed,
            long terminated) {
        return new ProcessMonitor.ElementView(id, name, type, active, completed, terminated, 0, List.of());
    }

    @Test
    void namesTheCountsOfEveryElementNewestVersionFirst() {
        deployed(1, 1, 11);
        deployed(2, 2, 22);
        ProcessStatistics statistics = () -> List.of(
                definition(11, 1, null, Map.of("Start", count(0, 5, 0), "Wait", count(2, 3, 1))),
                definition(22, 2, null, Map.of("Start", count(0, 1, 0))));

        ProcessMonitor.Snapshot snapshot = new ProcessMonitor(history, statistics).snapshot();

        assertThat(snapshot.available()).isTrue();
        assertThat(snapshot.detail()).isNull();
        assertThat(snapshot.processes()).extracting(ProcessMonitor.ProcessView::version).containsExactly(2, 1);
        assertThat(snapshot.processes().get(1).elements()).containsExactly(
                view("Start", "Started", "startEvent", 0, 5, 0),
                view("Wait", "Wait", "receiveTask", 2, 3, 1),
                view("End", null, "endEvent", 0, 0, 0));
        assertThat(snapshot.processes().getFirst().elements().getFirst().completed()).isEqualTo(1);
    }

    @Test
    void aDefinitionDeployedElsewhereIsNamedFromItsResource() throws IOException {
        byte[] xml;
        try (InputStream in = ProcessMonitorTest.class.getResourceAsStream("/bpmn/router-sample.bpmn")) {
            xml = in.readAllBytes();
        }
        ProcessStatistics statistics = () -> List.of(new ProcessStatistics.Definition(33, "router-sample", 7,
                "router-sample.bpmn", xml, Map.of("Receive_Shipped", count(1, 0, 0))));

        ProcessMonitor.ProcessView view = new ProcessMonitor(history, statistics).snapshot().processes().getFirst();

        assertThat(view.version()).isEqualTo(7);
        assertThat(view.elements()).extracting(ProcessMonitor.ElementView::id)
                .containsSubsequence("Start_Started", "Receive_Shipped", "End_Done");
        assertThat(view.elements()).filteredOn(element -> element.id().equals("Receive_Shipped")).singleElement()
                .satisfies(element -> {
                    assertThat(element.active()).isEqualTo(1);
                    assertThat(element.type()).isEqualTo("receiveTask");
                });
    }

    @Test
    void theDiagramOfADefinitionComesWithItsIncidents() {
        // the model builder draws a diagram (BPMN DI) for what it builds
        byte[] xml = TestModels.xml(TestModels.waiter("drawn", "Sample.ApprovalRequested", "DECLINED"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ProcessStatistics statistics = () -> List.of(new ProcessStatistics.Definition(34, "drawn", 1,
                "drawn.bpmn", xml, Map.of(TestModels.TASK, new ProcessStatistics.ElementCount(2, 0, 0, 1,
                        List.of("No more retries left.")))));

        ProcessMonitor.ProcessView view = new ProcessMonitor(history, statistics).snapshot().processes().getFirst();

        assertThat(view.elements()).filteredOn(element -> element.id().equals(TestModels.TASK)).singleElement()
                .satisfies(element -> {
                    assertThat(element.incidents()).isEqualTo(1);
                    assertThat(element.incidentMessages()).containsExactly("No more retries left.");
                });
        ModelInfo.Diagram diagram = view.diagram();
        assertThat(diagram).isNotNull();
        assertThat(diagram.shapes()).extracting(ModelInfo.Shape::id)
                .containsExactlyInAnyOrderElementsOf(view.elements().stream().map(ProcessMonitor.ElementView::id)
                        .toList());
        assertThat(diagram.shapes()).filteredOn(shape -> shape.id().equals(TestModels.TASK)).singleElement()
                .satisfies(shape -> assertThat(shape.width()).isPositive());
        assertThat(diagram.edges()).hasSize(3).allSatisfy(edge -> assertThat(edge.points()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(diagram.width()).isGreaterThan(diagram.shapes().stream().mapToDouble(ModelInfo.Shape::x).max()
                .orElseThrow());
    }

    @Test
    void countsOfAnUnknownModelAreListedByElementId() {
        ProcessStatistics statistics = () -> List.of(definition(44, 1, null, Map.of("B", count(1, 0, 0),
                "A", count(0, 2, 0))));

        assertThat(new ProcessMonitor(history, statistics).snapshot().processes().getFirst().elements())
                .containsExactly(view("A", null, null, 0, 2, 0),
                        view("B", null, null, 1, 0, 0));
    }

    @Test
    void withoutASourceItSaysWhereToLookAndListsTheRoutersDeploymentsWithoutNumbers() {
        deployed(1, 1, 11);
        deployed(2, 1, 11);

        ProcessMonitor.Snapshot snapshot = new ProcessMonitor(history, null).snapshot();

        assertThat(snapshot.available()).isFalse();
        assertThat(snapshot.detail()).contains("Operate");
        assertThat(snapshot.processes()).as("a definition deployed twice is listed once").singleElement()
                .satisfies(process -> assertThat(process.elements())
                        .allSatisfy(element -> assertThat(element.completed() + element.active()).isZero()));
    }
}
