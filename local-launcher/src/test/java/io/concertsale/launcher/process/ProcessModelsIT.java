package io.concertsale.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.client.api.response.Topology;
import io.concertsale.launcher.LaunchOptions;
import io.concertsale.launcher.LocalSale;
import io.concertsale.launcher.SaleApi;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The conference walkthrough on the real embedded engine: the launcher starts with tickets-v1, and the tests deploy
 * v2, v3 and v4 one after the other while the sale runs, as a speaker does from the backoffice. Each asserts what the
 * fan sees (the session through the gateway) and which elements the process instance passed. The router publishes
 * shortened timer settings with every message (a reminder every second, a time-out after 8 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessModelsIT {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final String GOOD_CARD = "4242424242424242";
    static final int STANDING = 40;

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static ProcessRecords process;

    @BeforeAll
    static void launch() {
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "process-password", Map.of(
                "payments.authorization-delay", "200ms",
                "payments.money-transfer.auto-accept-after", "2s",
                "router.messages.variables.paymentReminderInterval", "PT1S",
                "router.messages.variables.reservationTimeout", "PT8S")));
        api = new SaleApi(sale.url(LocalSale.Part.GATEWAY), sale.adminPassword());
        process = new ProcessRecords(sale.embeddedEngine().orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
    }

    @BeforeEach
    void openSale() {
        api.openSale("""
                {"name":"Walkthrough","currency":"EUR",
                 "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":%d}],
                 "maxTicketsPerCustomer":10,"holdSeconds":60,
                 "admission":{"ratePerSecond":50,"maxActiveShoppers":20,"paused":false}}""".formatted(STANDING));
    }

    @Test
    @Order(1)
    void v1WatchesAPurchaseUntilTicketsPurchased() {
        String fan = reservedFan(2);
        api.payByCard(fan, GOOD_CARD);
        api.awaitStage(fan, "COMPLETED", WAIT);

        long instance = process.awaitInstanceOf(fan, WAIT);
        List<String> passed = process.awaitCompleted(instance, WAIT, "End_TicketsPurchased");
        assertThat(passed).containsSubsequence("Start_CustomerJoined", "Receive_CustomerAdmitted",
                "Receive_TicketsReserved", "Receive_PaymentSent", "Receive_PaymentAuthorized", "End_TicketsPurchased");
        assertThat(process.versionOf(instance)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void v2RemindsAFanWhoDoesNotPayThenTimesTheReservationOutWhileV1InstancesFinishOnV1() {
        String early = reservedFan(2);
        long earlyInstance = process.awaitInstanceOf(early, WAIT);

        sale.deployModel("tickets-v2");
        String late = reservedFan(3);
        long lateInstance = process.awaitInstanceOf(late, WAIT);
        assertThat(process.versionOf(lateInstance)).as("a new customer starts on the newest version").isEqualTo(2);

        api.payByCard(early, GOOD_CARD);
        api.awaitStage(early, "COMPLETED", WAIT);
        process.awaitCompleted(earlyInstance, WAIT, "End_TicketsPurchased");
        assertThat(process.versionOf(earlyInstance)).as("started on v1, finished on v1").isEqualTo(1);
        assertThat(process.completedElements(earlyInstance)).doesNotContain("Task_SendPaymentReminder");

        JsonNode reminded = api.awaitSession(late, session -> count(session, "PAYMENT_REMINDER") >= 2,
                "two payment reminders pushed to the session that does not pay");
        assertThat(reminded.path("stage").asString()).isEqualTo("RESERVED");

        JsonNode expired = api.awaitStage(late, "EXPIRED", WAIT);
        assertThat(expired.path("exit").path("reason").asString()).isEqualTo("TIMED_OUT");
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == STANDING - 2, WAIT,
                "the timed-out tickets back on sale (only the early fan's 2 sold)");
        assertThat(process.awaitCompleted(lateInstance, WAIT, "End_ReservationTimedOut"))
                .contains("Timer_ReservationTimeout", "Task_TimeOutReservation")
                .doesNotContain("End_TicketsPurchased");

        // the backoffice's process monitor counts the same from the engine: v2 reminded and timed out
        JsonNode statistics = api.expect(200, "GET", "/api/admin/process/statistics", null, true);
        assertThat(statistics.path("available").asBoolean()).isTrue();
        JsonNode v2 = statistics.path("processes").get(0);
        assertThat(v2.path("version").asInt()).as("newest version first").isEqualTo(2);
        assertThat(passed(v2, "Task_SendPaymentReminder")).isGreaterThanOrEqualTo(2);
        assertThat(passed(v2, "End_ReservationTimedOut")).isEqualTo(1);
        assertThat(passed(statistics.path("processes").get(1), "End_TicketsPurchased"))
                .as("v1: the first fan and the early one bought").isEqualTo(2);
    }

    @Test
    @Order(3)
    void v3CleansUpAfterAFanWhoAbandonsAndDeliversTheTicketsOfOneWhoBuys() {
        sale.deployModel("tickets-v3");

        String leaver = reservedFan(4);
        long leaverInstance = process.awaitInstanceOf(leaver, WAIT);
        assertThat(process.versionOf(leaverInstance)).isEqualTo(3);
        api.expect(202, "DELETE", "/api/sessions/" + leaver + "/queue", null, false);
        api.awaitStage(leaver, "ABANDONED", WAIT);
        assertThat(process.awaitCompleted(leaverInstance, WAIT, "Task_CleanUp", "End_CustomerAbandoned"))
                .doesNotContain("End_TicketsPurchased");
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == STANDING, WAIT,
                "the abandoned hold released");

        String buyer = reservedFan(2);
        long buyerInstance = process.awaitInstanceOf(buyer, WAIT);
        api.payByCard(buyer, GOOD_CARD);
        JsonNode delivered = api.awaitSession(buyer, session -> count(session, "TICKETS_EMITTED") == 1
                && count(session, "FOLLOW_UP_BOOKED") == 1, "delivery and follow-up pushed to the buyer");
        assertThat(delivered.path("tickets")).hasSize(2);
        assertThat(process.awaitCompleted(buyerInstance, WAIT, "End_JourneyCompleted"))
                .contains("Task_EmitTickets", "Task_BookCustomerFollowUp", "End_TicketsPurchased");
    }

    @Test
    @Order(4)
    void v4RoutesTenTicketsToMoneyTransferAndTwoToTheCard() {
        sale.deployModel("tickets-v4");

        String bulk = reservedFan(10);
        long bulkInstance = process.awaitInstanceOf(bulk, WAIT);
        assertThat(process.versionOf(bulkInstance)).isEqualTo(4);
        api.awaitSession(bulk, session -> "MONEY_TRANSFER".equals(session.path("payment").path("requiredMethod")
                .asString()), "the process asking for a money transfer");
        api.expect(202, "POST", "/api/sessions/" + bulk + "/payment", "{\"method\":\"MONEY_TRANSFER\"}", false);
        JsonNode paid = api.awaitStage(bulk, "COMPLETED", WAIT);
        assertThat(paid.path("tickets")).hasSize(10);
        assertThat(process.awaitCompleted(bulkInstance, WAIT, "End_BulkTicketsPurchased"))
                .containsSubsequence("Receive_TicketsReserved", "Task_RequestMoneyTransfer",
                        "Receive_MoneyTransferAccepted", "End_BulkTicketsPurchased")
                .doesNotContain("SubProcess_WaitingForPayment");

        String small = reservedFan(2);
        long smallInstance = process.awaitInstanceOf(small, WAIT);
        api.payByCard(small, GOOD_CARD);
        api.awaitStage(small, "COMPLETED", WAIT);
        assertThat(process.awaitCompleted(smallInstance, WAIT, "End_TicketsPurchased"))
                .contains("SubProcess_WaitingForPayment", "Receive_PaymentAuthorized")
                .doesNotContain("Task_RequestMoneyTransfer");
    }

    @Test
    @Order(5)
    void anExternalZeebeClientConnectsToTheEnginePortAndFindsTheDeployedModels() throws Exception {
        // what zbctl or Camunda Modeler does: plain gRPC to the engine's port, no credentials
        try (CamundaClient client = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(sale.zeebeAddress())
                .preferRestOverGrpc(false).build()) {
            Topology topology = client.newTopologyRequest().send().join(10, TimeUnit.SECONDS);
            assertThat(topology.getBrokers()).hasSize(1);

            // the engine knows tickets-v4 already: the same file again is no new version, and its key is the one the
            // router deployed
            byte[] v4 = ProcessModelsIT.class.getResourceAsStream("/bpmn/tickets-v4.bpmn").readAllBytes();
            DeploymentEvent again = client.newDeployResourceCommand().addResourceBytes(v4, "tickets-v4.bpmn").send()
                    .join(10, TimeUnit.SECONDS);
            Process tickets = again.getProcesses().getFirst();
            assertThat(tickets.getBpmnProcessId()).isEqualTo("tickets");
            assertThat(tickets.getVersion()).isEqualTo(4);
            JsonNode statistics = api.expect(200, "GET", "/api/admin/process/statistics", null, true);
            assertThat(statistics.path("processes").valueStream().map(process -> process.path("version").asInt()))
                    .as("every version the engine knows, newest first").containsExactly(4, 3, 2, 1);
            JsonNode deployments = api.expect(200, "GET", "/api/admin/process", null, true).path("deployments");
            assertThat(deployments.findValues("processDefinitionKey")).extracting(JsonNode::asLong)
                    .contains(tickets.getProcessDefinitionKey());
        }
    }

    @Test
    @Order(6)
    void aVersionDeployedFromCamundaModelerOverRestTakesTheNextFans() throws Exception {
        // Camunda Modeler deploys to a Camunda 8.8 cluster over its REST API: POST /v2/deployments, multipart. Here
        // a speaker rolls back to v3's file: it is not the newest content, so it becomes version 5
        URI rest = sale.embeddedEngine().orElseThrow().restAddress().orElseThrow();
        try (CamundaClient modeler = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .restAddress(rest).grpcAddress(rest)
                .preferRestOverGrpc(true).build()) {
            byte[] v3 = ProcessModelsIT.class.getResourceAsStream("/bpmn/tickets-v3.bpmn").readAllBytes();
            Process rolledBack = modeler.newDeployResourceCommand().addResourceBytes(v3, "tickets-v3.bpmn").send()
                    .join(10, TimeUnit.SECONDS).getProcesses().getFirst();
            assertThat(rolledBack.getVersion()).isEqualTo(5);

            String fan = reservedFan(1);
            long instance = process.awaitInstanceOf(fan, WAIT);
            assertThat(process.versionOf(instance)).isEqualTo(5);
            api.payByCard(fan, GOOD_CARD);
            api.awaitSession(fan, session -> count(session, "TICKETS_EMITTED") == 1, "v3's delivery pushed to the fan");
            assertThat(process.awaitCompleted(instance, WAIT, "End_JourneyCompleted")).contains("Task_EmitTickets");
            JsonNode statistics = api.expect(200, "GET", "/api/admin/process/statistics", null, true);
            assertThat(statistics.path("processes").get(0).path("version").asInt()).isEqualTo(5);
        }
    }

    /** A new fan, admitted, holding STANDING tickets. */
    private static String reservedFan(int quantity) {
        String id = api.newSession();
        api.join(id);
        api.awaitStage(id, "ADMITTED", WAIT);
        api.reserve(id, "STANDING", quantity);
        api.awaitStage(id, "RESERVED", WAIT);
        return id;
    }

    /** How many times the monitor's process definition completed the element. */
    private static long passed(JsonNode definition, String elementId) {
        for (JsonNode element : definition.path("elements")) {
            if (element.path("id").asString().equals(elementId)) {
                return element.path("completed").asLong();
            }
        }
        throw new AssertionError("No element " + elementId + " in " + definition);
    }

    private static long count(JsonNode session, String kind) {
        return session.path("notifications").valueStream().filter(n -> kind.equals(n.path("kind").asString()))
                .count();
    }
}
