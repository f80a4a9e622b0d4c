package io.concertsale.router.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.router.test.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading models: validity, the message names they wait for, and whether a task waits for a reply. */
class BpmnModelsTest {

    private final BpmnModels models = new BpmnModels("cloudevents");

    private static byte[] xml(BpmnModelInstance model) {
        return Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = BpmnModelsTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheMessagesOfEveryCatchEventAndReceiveTaskButNotOfThrowEvents() throws IOException {
        ModelInfo info = models.inspect("router-sample.bpmn", resource("/bpmn/router-sample.bpmn"));

        assertThat(info.resource()).isEqualTo("router-sample.bpmn");
        assertThat(info.processIds()).containsExactly("router-sample");
        assertThat(info.messages())
                .containsExactly("Sample.Cancelled", "Sample.Confirmed", "Sample.Shipped", "Sample.Started");
        assertThat(info.waitsForReplies()).isTrue();
    }

    @Test
    void listsTheFlowNodesInDocumentOrderWithWhatSubProcessesContainAfterThem() throws IOException {
        ModelInfo info = models.inspect("tickets-v3.bpmn", resource("/bpmn/tickets-v3.bpmn"));

        List<String> ids = info.elementsOf("tickets").stream().map(ModelInfo.FlowElement::id).toList();
        assertThat(ids).containsSubsequence("Start_CustomerJoined", "SubProcess_CustomerBuyingTickets",
                "Start_CustomerBuyingTickets", "Receive_CustomerAdmitted", "SubProcess_WaitingForPayment",
                "Start_WaitingForPayment", "Task_EmitTickets", "End_JourneyCompleted");
        assertThat(ids).contains("Task_CleanUp").doesNotHaveDuplicates()
                .noneMatch(id -> id.startsWith("Flow_"));
        assertThat(info.elementsOf("tickets")).filteredOn(element -> element.id().equals("Task_EmitTickets"))
                .singleElement().satisfies(element -> {
                    assertThat(element.name()).isEqualTo("Emit Tickets");
                    assertThat(element.type()).isEqualTo("serviceTask");
                });
        assertThat(info.elementsOf("no-such-process")).isEmpty();
    }

    @Test
    void theDiagramKeepsWhereTheModelerPlacedTheLabelsOfEventsAndNamedFlows() throws IOException {
        ModelInfo.Diagram diagram = BpmnModels.diagram(resource("/bpmn/tickets-v4.bpmn"), "tickets");

        assertThat(diagram.shapes()).filteredOn(shape -> shape.id().equals("Start_CustomerJoined")).singleElement()
                .satisfies(shape -> assertThat(shape.label()).isNotNull()
                        .satisfies(label -> assertThat(label.y()).isGreaterThan(shape.y() + shape.height())));
        assertThat(diagram.shapes()).filteredOn(shape -> shape.id().equals("Task_EmitTickets")).singleElement()
                .satisfies(shape -> assertThat(shape.label()).as("a task's name is inside it").isNull());
        assertThat(diagram.edges()).filteredOn(edge -> edge.id().equals("Flow_CardOrder")).singleElement()
                .satisfies(edge -> {
                    assertThat(edge.name()).isEqualTo("fewer than 10");
                    assertThat(edge.label()).isEqualTo(new ModelInfo.Bounds(758, 360, 86, 14));
                });
        assertThat(diagram.edges()).filteredOn(edge -> edge.name() == null)
                .allSatisfy(edge -> assertThat(edge.label()).isNull());
    }

    @Test
    void aModelWhoseTasksOnlyEmitDoesNotWaitForReplies() {
        ModelInfo info = models.inspect("emit.bpmn", xml(TestModels.emitter("emit", 3, Map.of("type", "A.B",
                "mode", "emit"))));

        assertThat(info.messages()).isEmpty();
        assertThat(info.waitsForReplies()).isFalse();
    }

    @Test
    void anEmitAndWaitTaskOfAnotherJobTypeIsNotTheRoutersConcern() {
        ModelInfo info = new BpmnModels("other-type").inspect("wait.bpmn",
                xml(TestModels.waiter("wait", "A.Asked", "DECLINED")));

        assertThat(info.waitsForReplies()).isFalse();
    }

    @Test
    void messageNamesGivenAsExpressionsCannotBeRoutedAheadOfTime() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("dynamic").startEvent()
                .intermediateCatchEvent("Catch_Dynamic").message(message -> message.name("=messageName")
                        .zeebeCorrelationKeyExpression("correlationKey"))
                .receiveTask("Receive_Static").message(message -> message.name("Static.Name")
                        .zeebeCorrelationKeyExpression("correlationKey"))
                .endEvent().done();

        assertThat(models.inspect("dynamic.bpmn", xml(model)).messages()).containsExactly("Static.Name");
    }

    @Test
    void invalidResourcesAreRefusedWithTheReason() {
        BpmnModelInstance noJobType = Bpmn.createExecutableProcess("no-type").startEvent()
                .serviceTask("Task_WithoutType").endEvent().done();
        BpmnModelInstance notExecutable = Bpmn.createProcess("draft").startEvent().endEvent().done();

        assertThatThrownBy(() -> models.inspect("text.bpmn", "plain text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("text.bpmn is not valid BPMN");
        assertThatThrownBy(() -> models.inspect("no-type.bpmn", xml(noJobType)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("Task_WithoutType");
        assertThatThrownBy(() -> models.inspect("draft.bpmn", xml(notExecutable)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("definitions: Must contain at least one executable process");
    }
}
