package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The bundled models as files: valid for Zeebe, the element ids other modules rely on, the events each emits and
 * waits for, and a diagram that shows every element readably.
 */
class TicketsModelsTest {

    static final List<String> MODELS = TicketsModels.ALL;

    static final List<String> V1_NODES = List.of("Start_CustomerJoined", "Receive_CustomerAdmitted",
            "Receive_TicketsReserved", "Receive_PaymentSent", "Receive_PaymentAuthorized", "End_TicketsPurchased");
    static final List<String> V2_NODES = concat(V1_NODES, List.of("SubProcess_WaitingForPayment",
            "Start_WaitingForPayment", "End_PaymentReceived", "Timer_PaymentReminder", "Task_SendPaymentReminder",
            "End_PaymentReminderSent", "Timer_ReservationTimeout", "Task_TimeOutReservation",
            "End_ReservationTimedOut", "Message_ReservationExpired", "End_ReservationExpired"));
    static final List<String> V3_NODES = concat(V2_NODES, List.of("SubProcess_CustomerBuyingTickets",
            "Start_CustomerBuyingTickets", "Gateway_PaymentDone", "Task_EmitTickets", "Task_BookCustomerFollowUp",
            "Gateway_Delivered", "End_JourneyCompleted", "Message_CustomerAbandoned", "Task_CleanUp",
            "End_CustomerAbandoned"));
    static final List<String> V4_NODES = concat(V3_NODES, List.of("Gateway_BulkOrder", "Task_RequestMoneyTransfer",
            "Receive_MoneyTransferAccepted", "End_BulkTicketsPurchased"));

    /** The flow nodes of each model, exactly: the ids are a contract with the tests of other modules. */
    static final Map<String, List<String>> FLOW_NODES = Map.of("tickets-v1", V1_NODES, "tickets-v2", V2_NODES,
            "tickets-v3", V3_NODES, "tickets-v4", V4_NODES);

    /** The names the diagrams show for the elements the design names. */
    static final Map<String, String> NAMES = Map.ofEntries(entry("Start_CustomerJoined", "Customer Joined"),
            entry("Receive_CustomerAdmitted", "Customer Admitted"),
            entry("Receive_TicketsReserved", "Tickets Reserved"),
            entry("Receive_PaymentSent", "Payment Sent"), entry("Receive_PaymentAuthorized", "Payment Authorized"),
            entry("End_TicketsPurchased", "Tickets Purchased"),
            entry("SubProcess_WaitingForPayment", "Waiting for Payment"),
            entry("End_PaymentReceived", "Payment Received"),
            entry("Task_SendPaymentReminder", "Send Payment Reminder"),
            entry("End_PaymentReminderSent", "Reminder Sent"),
            entry("Task_TimeOutReservation", "Time Out Reservation"),
            entry("End_ReservationTimedOut", "Time Out on Reservation"),
            entry("End_ReservationExpired", "Reservation Expired"),
            entry("SubProcess_CustomerBuyingTickets", "Customer Buying Tickets"),
            entry("End_JourneyCompleted", "Journey Completed"), entry("Task_EmitTickets", "Emit Tickets"),
            entry("Task_BookCustomerFollowUp", "Book Customer Follow Up"), entry("Task_CleanUp", "Clean Up"),
            entry("End_CustomerAbandoned", "Customer Abandoned"), entry("Gateway_BulkOrder", "Bulk order?"),
            entry("Task_RequestMoneyTransfer", "Request Money Transfer"),
            entry("Receive_MoneyTransferAccepted", "Money Transfer Accepted"),
            entry("End_BulkTicketsPurchased", "Bulk Tickets Purchased by Money Transfer"));

    /** The routing contract: the message names (CloudEvent types) each model waits for. */
    static final Map<String, Set<String>> WAITS_FOR = Map.of(
            "tickets-v1", Set.of("Queue.CustomerJoined", "Queue.CustomerExited", "Tickets.Reserved",
                    "Tickets.PaymentRequested", "Tickets.PaymentAuthorized"),
            "tickets-v2", Set.of("Queue.CustomerJoined", "Queue.CustomerExited", "Tickets.Reserved",
                    "Tickets.PaymentRequested", "Tickets.PaymentAuthorized", "Tickets.ReservationExpired"),
            "tickets-v3", Set.of("Queue.CustomerJoined", "Queue.CustomerExited", "Tickets.Reserved",
                    "Tickets.PaymentRequested", "Tickets.PaymentAuthorized", "Tickets.ReservationExpired",
                    "Queue.CustomerAbandoned"),
            "tickets-v4", Set.of("Queue.CustomerJoined", "Queue.CustomerExited", "Tickets.Reserved",
                    "Tickets.PaymentRequested", "Tickets.PaymentAuthorized", "Tickets.ReservationExpired",
                    "Queue.CustomerAbandoned", "Payments.MoneyTransferAccepted"));

    /** What each service task emits: the CloudEvent type and the variables that form its data. */
    static final Map<String, List<String>> EMITS = Map.of(
            "Task_SendPaymentReminder", List.of("Notifications.Requested", "sessionId,kind,message"),
            "Task_TimeOutReservation", List.of("Tickets.ReservationTimedOut", "sessionId,reservationId"),
            "Task_EmitTickets", List.of("Tickets.Emitted", "sessionId,reservationId"),
            "Task_BookCustomerFollowUp", List.of("Customer.FollowUpBooked", "sessionId,message"),
            "Task_CleanUp", List.of("Session.CleanUp", "sessionId"),
            "Task_RequestMoneyTransfer", List.of("Payments.MoneyTransferRequested",
                    "sessionId,reservationId,amount,currency"));

    /** Ids as a person names them: every part after the prefix starts with a capital (Modeler's are random). */
    static final Pattern MEANINGFUL_ID = Pattern.compile(
            "tickets|[A-Z][A-Za-z]*(_[A-Z][A-Za-z0-9]*)+(_di)?");

    @ParameterizedTest
    @FieldSource("MODELS")
    void parsesAndPassesZeebeValidation(String name) {
        BpmnModelInstance model = TicketsModels.read(name);

        assertThatCode(() -> Bpmn.validateModel(model)).doesNotThrowAnyException();
        assertThat(model.getModelElementsByType(Process.class)).singleElement().satisfies(process -> {
            assertThat(process.getId()).isEqualTo("tickets");
            assertThat(process.getName()).isEqualTo("Tickets v" + name.substring(name.length() - 1));
            assertThat(process.isExecutable()).isTrue();
        });
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void hasExactlyTheContractedFlowNodesWithTheirNames(String name) {
        BpmnModelInstance model = TicketsModels.read(name);

        List<String> ids = model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(FLOW_NODES.get(name));
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (NAMES.containsKey(node.getId())) {
                assertThat(node.getName()).as(node.getId()).isEqualTo(NAMES.get(node.getId()));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void namesEveryElementMeaningfully(String name) {
        Matcher ids = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(text(name));
        List<String> found = new ArrayList<>();
        while (ids.find()) {
            found.add(ids.group(1));
        }

        assertThat(found).isNotEmpty().allMatch(id -> MEANINGFUL_ID.matcher(id).matches(),
                "named by a person, not generated like Activity_0abc123");
        assertThat(found).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void everyServiceTaskEmitsACloudEventOfItsContractedTypeAndData(String name) {
        BpmnModelInstance model = TicketsModels.read(name);

        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            assertThat(EMITS).as("a contracted emitting task").containsKey(task.getId());
            ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
            assertThat(definition.getType()).as(task.getId()).isEqualTo("cloudevents");
            Map<String, String> headers = headers(task);
            assertThat(headers).as(task.getId()).containsOnlyKeys("type", "variables")
                    .containsEntry("type", EMITS.get(task.getId()).get(0))
                    .containsEntry("variables", EMITS.get(task.getId()).get(1));
        }
    }

    @Test
    void theReminderAndTheFollowUpSetTheirFixedDataByInputMappings() {
        for (String name : List.of("tickets-v2", "tickets-v3", "tickets-v4")) {
            BpmnModelInstance model = TicketsModels.read(name);
            assertThat(inputs(model, "Task_SendPaymentReminder")).as(name).containsOnly(
                    entry("kind", "=\"PAYMENT_REMINDER\""),
                    entry("message", "=\"Your tickets are reserved: complete your payment before the reservation"
                            + " times out.\""));
        }
        for (String name : List.of("tickets-v3", "tickets-v4")) {
            assertThat(inputs(TicketsModels.read(name), "Task_BookCustomerFollowUp")).as(name).containsOnly(
                    entry("message", "=\"Thanks for your purchase: we will be in touch before the concert.\""));
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void everyMessageCatchIsCorrelatedByTheCorrelationKeyVariable(String name) {
        BpmnModelInstance model = TicketsModels.read(name);

        List<Message> caught = new ArrayList<>();
        model.getModelElementsByType(ReceiveTask.class).forEach(task -> caught.add(task.getMessage()));
        model.getModelElementsByType(CatchEvent.class).stream().filter(event -> !(event instanceof StartEvent))
                .flatMap(event -> event.getEventDefinitions().stream())
                .filter(MessageEventDefinition.class::isInstance)
                .forEach(definition -> caught.add(((MessageEventDefinition) definition).getMessage()));

        assertThat(caught).isNotEmpty().allSatisfy(message -> assertThat(
                message.getSingleExtensionElement(ZeebeSubscription.class).getCorrelationKey())
                .as(message.getName()).isEqualTo("=correlationKey"));
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void startsFromTheCustomerJoiningTheQueue(String name) {
        BpmnModelInstance model = TicketsModels.read(name);

        StartEvent start = model.getModelElementById("Start_CustomerJoined");
        assertThat(start.getParentElement()).isInstanceOf(Process.class);
        assertThat(start.getEventDefinitions()).singleElement().isInstanceOfSatisfying(MessageEventDefinition.class,
                definition -> assertThat(definition.getMessage().getName()).isEqualTo("Queue.CustomerJoined"));
    }

    @Test
    void listsTheMessageNamesEachModelWaitsFor() {
        Map<String, Set<String>> waitsFor = new LinkedHashMap<>();
        for (String name : MODELS) {
            waitsFor.put(name, messageNames(TicketsModels.read(name)));
        }

        assertThat(waitsFor).containsExactlyInAnyOrderEntriesOf(WAITS_FOR);
        assertThat(waitsFor.get("tickets-v1")).hasSize(5);
        assertThat(waitsFor.get("tickets-v2")).containsAll(waitsFor.get("tickets-v1"))
                .contains("Tickets.ReservationExpired");
        assertThat(waitsFor.get("tickets-v3")).containsAll(waitsFor.get("tickets-v2"))
                .contains("Queue.CustomerAbandoned");
        assertThat(waitsFor.get("tickets-v4")).containsAll(waitsFor.get("tickets-v3"))
                .contains("Payments.MoneyTransferAccepted");
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void waitingForPaymentHasTheReminderTheTimeOutAndTheExpiryOnItsBorder(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        if (name.equals("tickets-v1")) {
            assertThat((BaseElement) model.getModelElementById("SubProcess_WaitingForPayment")).isNull();
            return;
        }

        BoundaryEvent reminder = model.getModelElementById("Timer_PaymentReminder");
        BoundaryEvent timeout = model.getModelElementById("Timer_ReservationTimeout");
        BoundaryEvent expiry = model.getModelElementById("Message_ReservationExpired");
        assertThat(List.of(reminder, timeout, expiry)).extracting(event -> event.getAttachedTo().getId())
                .containsOnly("SubProcess_WaitingForPayment");
        assertThat(reminder.cancelActivity()).as("reminders do not interrupt the wait").isFalse();
        assertThat(timeout.cancelActivity()).isTrue();
        assertThat(expiry.cancelActivity()).isTrue();
        assertThat(text(name))
                .contains("<bpmn:timeCycle xsi:type=\"bpmn:tFormalExpression\">=\"R/\" + get or else("
                        + "paymentReminderInterval, \"PT10S\")</bpmn:timeCycle>")
                .contains("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">=get or else("
                        + "reservationTimeout, \"PT2M\")</bpmn:timeDuration>");
    }

    @Test
    void fromV3TheJourneyRunsInsideCustomerBuyingTicketsAndEveryEndButTheAbandonIsInside() {
        for (String name : List.of("tickets-v3", "tickets-v4")) {
            BpmnModelInstance model = TicketsModels.read(name);
            List<String> inside = new ArrayList<>(List.of("Start_CustomerBuyingTickets", "Receive_CustomerAdmitted",
                    "Receive_TicketsReserved", "SubProcess_WaitingForPayment", "Timer_ReservationTimeout",
                    "End_ReservationTimedOut", "End_ReservationExpired", "Gateway_PaymentDone", "Task_EmitTickets",
                    "Task_BookCustomerFollowUp", "Gateway_Delivered", "End_TicketsPurchased"));
            if (name.equals("tickets-v4")) {
                inside.addAll(List.of("Gateway_BulkOrder", "Task_RequestMoneyTransfer",
                        "Receive_MoneyTransferAccepted", "End_BulkTicketsPurchased"));
            }
            for (String id : inside) {
                assertThat(parentId(model, id)).as("%s in %s", id, name).isEqualTo("SubProcess_CustomerBuyingTickets");
            }
            for (String id : List.of("Start_CustomerJoined", "SubProcess_CustomerBuyingTickets",
                    "Message_CustomerAbandoned", "Task_CleanUp", "End_CustomerAbandoned", "End_JourneyCompleted")) {
                assertThat(parentId(model, id)).as("%s in %s", id, name).isEqualTo("tickets");
            }
            BoundaryEvent abandoned = model.getModelElementById("Message_CustomerAbandoned");
            assertThat(abandoned.getAttachedTo().getId()).isEqualTo("SubProcess_CustomerBuyingTickets");
            assertThat(abandoned.cancelActivity()).isTrue();
        }
    }

    @Test
    void v4DecidesByQuantityWithTheCardPathAsDefault() {
        BpmnModelInstance model = TicketsModels.read("tickets-v4");

        ExclusiveGateway gateway = model.getModelElementById("Gateway_BulkOrder");
        SequenceFlow bulk = model.getModelElementById("Flow_BulkOrder");
        SequenceFlow card = model.getModelElementById("Flow_CardOrder");
        assertThat(gateway.getDefault()).isSameAs(card);
        assertThat(gateway.getOutgoing()).containsExactlyInAnyOrder(bulk, card);
        assertThat(bulk.getName()).isEqualTo("10 or more");
        assertThat(bulk.getConditionExpression().getTextContent())
                .isEqualTo("=quantity >= get or else(bulkOrderThreshold, 10)");
        assertThat(bulk.getTarget().getId()).isEqualTo("Task_RequestMoneyTransfer");
        assertThat(card.getName()).isEqualTo("fewer than 10");
        assertThat(card.getConditionExpression()).isNull();
        assertThat(card.getTarget().getId()).isEqualTo("SubProcess_WaitingForPayment");
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void drawsEveryFlowNodeAndEverySequenceFlow(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        Diagram diagram = new Diagram(model);

        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(diagram.shapes).as("shape of %s", node.getId()).containsKey(node.getId());
            if (node instanceof SubProcess) {
                assertThat(diagram.shapes.get(node.getId()).isExpanded()).as(node.getId()).isTrue();
            }
            boolean labelled = node.getName() != null && !(node instanceof Activity);
            assertThat(diagram.shapes.get(node.getId()).getBpmnLabel() != null).as("label of %s", node.getId())
                    .isEqualTo(labelled);
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(diagram.edges).as("edge of %s", flow.getId()).containsKey(flow.getId());
            assertThat(diagram.edges.get(flow.getId()).getWaypoints()).as(flow.getId()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(diagram.edges.get(flow.getId()).getBpmnLabel() != null).as("label of %s", flow.getId())
                    .isEqualTo(flow.getName() != null);
        }
        assertThat(diagram.shapes).hasSameSizeAs(model.getModelElementsByType(FlowNode.class));
        assertThat(diagram.edges).hasSameSizeAs(model.getModelElementsByType(SequenceFlow.class));
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void laysTheHappyPathOutLeftToRightOnOneLineWithTheExceptionPathsBelow(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        Diagram diagram = new Diagram(model);

        List<String> happyPath = new ArrayList<>(List.of("Start_CustomerJoined", "Receive_CustomerAdmitted",
                "Receive_TicketsReserved", "Receive_PaymentSent", "Receive_PaymentAuthorized"));
        if (!name.equals("tickets-v1")) {
            happyPath.add("End_PaymentReceived");
        }
        if (name.equals("tickets-v4")) {
            happyPath.add(3, "Gateway_BulkOrder");
        }
        if (name.equals("tickets-v3") || name.equals("tickets-v4")) {
            happyPath.addAll(List.of("Gateway_PaymentDone", "Task_EmitTickets", "Gateway_Delivered"));
        }
        happyPath.add("End_TicketsPurchased");
        if (name.equals("tickets-v3") || name.equals("tickets-v4")) {
            happyPath.add("End_JourneyCompleted");
        }
        double line = diagram.bounds(happyPath.getFirst()).getCenterY();
        double x = Double.NEGATIVE_INFINITY;
        for (String id : happyPath) {
            Rectangle2D bounds = diagram.bounds(id);
            assertThat(bounds.getCenterY()).as("%s on the happy path's line", id).isEqualTo(line);
            assertThat(bounds.getMinX()).as("%s right of the one before", id).isGreaterThan(x);
            x = bounds.getMaxX();
        }
        for (String id : FLOW_NODES.get(name)) {
            if (id.startsWith("End_") && !happyPath.contains(id) && !id.equals("End_BulkTicketsPurchased")) {
                assertThat(diagram.bounds(id).getMinY()).as("%s below the happy path", id).isGreaterThan(line);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void putsEveryBoundaryEventOnTheBorderOfItsHost(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        Diagram diagram = new Diagram(model);

        for (BoundaryEvent event : model.getModelElementsByType(BoundaryEvent.class)) {
            Rectangle2D host = diagram.bounds(event.getAttachedTo().getId());
            Point2D center = new Point2D.Double(diagram.bounds(event.getId()).getCenterX(),
                    diagram.bounds(event.getId()).getCenterY());
            assertThat(onBorder(center, host)).as("%s on the border of %s", event.getId(),
                    event.getAttachedTo().getId()).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void drawsNoShapeOverAnotherAndNoLabelOverAShapeOrAnotherLabel(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        Diagram diagram = new Diagram(model);
        List<FlowNode> nodes = List.copyOf(model.getModelElementsByType(FlowNode.class));

        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                FlowNode a = nodes.get(i);
                FlowNode b = nodes.get(j);
                if (!nested(a, b) && !attached(a, b)) {
                    assertThat(diagram.bounds(a.getId()).intersects(diagram.bounds(b.getId())))
                            .as("%s overlaps %s", a.getId(), b.getId()).isFalse();
                }
            }
        }
        Map<String, Rectangle2D> labels = diagram.labels();
        for (Map.Entry<String, Rectangle2D> label : labels.entrySet()) {
            BaseElement owner = model.getModelElementById(label.getKey());
            for (FlowNode node : nodes) {
                if (!node.getId().equals(label.getKey()) && !contains(node, owner)) {
                    assertThat(label.getValue().intersects(diagram.bounds(node.getId())))
                            .as("label of %s over %s", label.getKey(), node.getId()).isFalse();
                }
            }
            for (Map.Entry<String, Rectangle2D> other : labels.entrySet()) {
                if (!other.getKey().equals(label.getKey())) {
                    assertThat(label.getValue().intersects(other.getValue()))
                            .as("label of %s over label of %s", label.getKey(), other.getKey()).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void drawsEverySequenceFlowWithStraightSegmentsFromBorderToBorderAroundTheOtherShapes(String name) {
        BpmnModelInstance model = TicketsModels.read(name);
        Diagram diagram = new Diagram(model);

        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            List<Point2D> points = diagram.waypoints(flow.getId());
            assertThat(onBorder(points.getFirst(), diagram.bounds(flow.getSource().getId())))
                    .as("%s leaves the border of %s", flow.getId(), flow.getSource().getId()).isTrue();
            assertThat(onBorder(points.getLast(), diagram.bounds(flow.getTarget().getId())))
                    .as("%s reaches the border of %s", flow.getId(), flow.getTarget().getId()).isTrue();
            for (int i = 1; i < points.size(); i++) {
                Point2D from = points.get(i - 1);
                Point2D to = points.get(i);
                assertThat(from.getX() == to.getX() || from.getY() == to.getY())
                        .as("%s runs horizontally or vertically", flow.getId()).isTrue();
                for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                    if (node != flow.getSource() && node != flow.getTarget() && !contains(node, flow)
                            && !(flow.getSource() instanceof BoundaryEvent source && source.getAttachedTo() == node)) {
                        Rectangle2D inner = shrink(diagram.bounds(node.getId()));
                        assertThat(inner.intersectsLine(from.getX(), from.getY(), to.getX(), to.getY()))
                                .as("%s crosses %s", flow.getId(), node.getId()).isFalse();
                    }
                }
                for (Map.Entry<String, Rectangle2D> label : diagram.labels().entrySet()) {
                    if (!label.getKey().equals(flow.getId())) {
                        assertThat(label.getValue().intersectsLine(from.getX(), from.getY(), to.getX(), to.getY()))
                                .as("%s crosses the label of %s", flow.getId(), label.getKey()).isFalse();
                    }
                }
            }
        }
    }

    private static Set<String> messageNames(BpmnModelInstance model) {
        Set<String> names = new TreeSet<>();
        model.getModelElementsByType(ReceiveTask.class).forEach(task -> names.add(task.getMessage().getName()));
        model.getModelElementsByType(CatchEvent.class).stream()
                .flatMap(event -> event.getEventDefinitions().stream())
                .filter(MessageEventDefinition.class::isInstance)
                .forEach(definition -> names.add(((MessageEventDefinition) definition).getMessage().getName()));
        return names;
    }

    private static Map<String, String> headers(ServiceTask task) {
        Map<String, String> headers = new HashMap<>();
        ZeebeTaskHeaders taskHeaders = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
        assertThat(taskHeaders).as("task headers of %s", task.getId()).isNotNull();
        for (ZeebeHeader header : taskHeaders.getHeaders()) {
            headers.put(header.getKey(), header.getValue());
        }
        return headers;
    }

    private static Map<String, String> inputs(BpmnModelInstance model, String taskId) {
        ServiceTask task = model.getModelElementById(taskId);
        Map<String, String> inputs = new HashMap<>();
        Collection<ZeebeInput> mapped = task.getSingleExtensionElement(ZeebeIoMapping.class).getInputs();
        mapped.forEach(input -> inputs.put(input.getTarget(), input.getSource()));
        return inputs;
    }

    private static String parentId(BpmnModelInstance model, String id) {
        BaseElement element = model.getModelElementById(id);
        return ((BaseElement) element.getParentElement()).getId();
    }

    /** Whether one of the nodes is an (embedded) subprocess that contains the other. */
    private static boolean nested(FlowNode a, FlowNode b) {
        return contains(a, b) || contains(b, a);
    }

    private static boolean contains(FlowNode container, BaseElement element) {
        for (var parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent == container) {
                return true;
            }
        }
        return false;
    }

    private static boolean attached(FlowNode a, FlowNode b) {
        return a instanceof BoundaryEvent event && event.getAttachedTo() == b
                || b instanceof BoundaryEvent event2 && event2.getAttachedTo() == a;
    }

    private static boolean onBorder(Point2D point, Rectangle2D box) {
        double tolerance = 1;
        boolean withinX = point.getX() >= box.getMinX() - tolerance && point.getX() <= box.getMaxX() + tolerance;
        boolean withinY = point.getY() >= box.getMinY() - tolerance && point.getY() <= box.getMaxY() + tolerance;
        boolean onVertical = Math.abs(point.getX() - box.getMinX()) <= tolerance
                || Math.abs(point.getX() - box.getMaxX()) <= tolerance;
        boolean onHorizontal = Math.abs(point.getY() - box.getMinY()) <= tolerance
                || Math.abs(point.getY() - box.getMaxY()) <= tolerance;
        return withinX && withinY && (onVertical || onHorizontal);
    }

    private static Rectangle2D shrink(Rectangle2D box) {
        return new Rectangle2D.Double(box.getX() + 2, box.getY() + 2, box.getWidth() - 4, box.getHeight() - 4);
    }

    private static String text(String name) {
        try (InputStream in = TicketsModelsTest.class.getClassLoader()
                .getResourceAsStream(TicketsModels.resource(name))) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** The BPMNDI of a model: shapes and edges by the id of the element they draw. */
    private static final class Diagram {

        final Map<String, BpmnShape> shapes = new HashMap<>();
        final Map<String, BpmnEdge> edges = new HashMap<>();

        Diagram(BpmnModelInstance model) {
            for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
                assertThat(shapes.put(shape.getBpmnElement().getId(), shape)).as("one shape per element").isNull();
            }
            for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
                assertThat(edges.put(edge.getBpmnElement().getId(), edge)).as("one edge per element").isNull();
            }
        }

        Rectangle2D bounds(String id) {
            assertThat(shapes).as("shape of %s", id).containsKey(id);
            return rectangle(shapes.get(id).getBounds());
        }

        List<Point2D> waypoints(String id) {
            List<Point2D> points = new ArrayList<>();
            for (Waypoint waypoint : edges.get(id).getWaypoints()) {
                points.add(new Point2D.Double(waypoint.getX(), waypoint.getY()));
            }
            return points;
        }

        /** The external labels, by the id of the element they name. */
        Map<String, Rectangle2D> labels() {
            Map<String, Rectangle2D> labels = new HashMap<>();
            shapes.forEach((id, shape) -> {
                if (shape.getBpmnLabel() != null) {
                    labels.put(id, rectangle(shape.getBpmnLabel().getBounds()));
                }
            });
            edges.forEach((id, edge) -> {
                if (edge.getBpmnLabel() != null) {
                    labels.put(id, rectangle(edge.getBpmnLabel().getBounds()));
                }
            });
            return labels;
        }

        private static Rectangle2D rectangle(Bounds bounds) {
            return new Rectangle2D.Double(bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight());
        }
    }
}
