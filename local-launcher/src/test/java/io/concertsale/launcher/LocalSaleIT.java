package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import io.concertsale.launcher.process.ProcessRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole sale through the launcher: every part running, talking through the local broker, over real HTTP, with
 * process model tickets-v4 deployed on an engine outside the launcher (as a self-managed cluster would be): the
 * launcher's {@code --sale.zeebe.address}.
 */
class LocalSaleIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";

    @TempDir
    static Path dataDir;

    static LocalEngine externalEngine;
    static ProcessRecords externalRecords;
    static LocalSale sale;
    static SaleApi api;

    @BeforeAll
    static void launch() {
        // a local engine of its own, in memory on a free port, recording from its first record on
        externalEngine = LocalEngine.start(EngineOptions.inMemory());
        externalRecords = new ProcessRecords(externalEngine);
        // the whole sale with the last model version deployed: the process orchestrates what the services do
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "e2e-password", "v4",
                LaunchOptions.Zeebe.external(externalEngine.grpcAddress()),
                Map.of("payments.authorization-delay", "200ms"), Map.of()));
        api = new SaleApi(sale.url(LocalSale.Part.GATEWAY), sale.adminPassword());
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
        if (externalEngine != null) {
            externalEngine.close();
        }
    }

    @BeforeEach
    void openSale() {
        JsonNode opened = api.expect(200, "PUT", "/api/admin/sale", """
                {"name":"E2E","currency":"EUR",
                 "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":20},
                                {"type":"SEATED","name":"Seated","price":89.00,"quantity":10}],
                 "maxTicketsPerCustomer":4,"holdSeconds":3,
                 "admission":{"ratePerSecond":50,"maxActiveShoppers":20,"paused":false}}""", true);
        assertThat(opened.path("saleId").asString()).isNotBlank();
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == 20, WAIT,
                "the new sale's inventory");
    }

    private String admittedCustomer() {
        String id = api.newSession();
        api.join(id);
        api.awaitStage(id, "ADMITTED", WAIT);
        return id;
    }

    @Test
    void customerBuysTicketsWithACard() {
        String id = admittedCustomer();

        api.reserve(id, "STANDING", 2);
        JsonNode reserved = api.awaitStage(id, "RESERVED", WAIT);
        assertThat(reserved.path("reservation").path("amount").decimalValue()).isEqualByComparingTo("118.00");
        api.payByCard(id, GOOD_CARD);
        JsonNode completed = api.awaitStage(id, "COMPLETED", WAIT);

        List<String> codes = completed.path("tickets").valueStream().map(t -> t.path("code").asString()).toList();
        assertThat(codes).hasSize(2).doesNotHaveDuplicates().allSatisfy(code -> assertThat(code).isNotBlank());
        assertThat(completed.path("payment").path("status").asString()).isEqualTo("AUTHORIZED");
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == 18, WAIT,
                "availability after the purchase");

        // the launcher started no engine of its own: the purchase ran as a tickets-v4 instance on the external one
        assertThat(sale.embeddedEngine()).isEmpty();
        ProcessRecords process = externalRecords;
        long instance = process.awaitInstanceOf(id, WAIT);
        assertThat(process.versionOf(instance)).as("the first version of process tickets on this engine").isEqualTo(1);
        assertThat(process.awaitCompleted(instance, WAIT, "End_JourneyCompleted"))
                .contains("Receive_PaymentAuthorized", "Task_EmitTickets", "End_TicketsPurchased");
    }

    @Test
    void declinedCardThenAGoodOne() {
        String id = admittedCustomer();
        api.reserve(id, "SEATED", 1);
        api.awaitStage(id, "RESERVED", WAIT);

        api.payByCard(id, DECLINED_CARD);
        JsonNode declined = api.awaitSession(id, s -> "DECLINED".equals(s.path("payment").path("status").asString()), WAIT);
        assertThat(declined.path("stage").asString()).isEqualTo("RESERVED");
        api.payByCard(id, GOOD_CARD);

        JsonNode completed = api.awaitStage(id, "COMPLETED", WAIT);
        assertThat(completed.path("tickets")).hasSize(1);
    }

    @Test
    void holdThatIsNotPaidExpiresAndTheTicketsGoBackOnSale() {
        String id = admittedCustomer();
        api.reserve(id, "STANDING", 3);
        api.awaitStage(id, "RESERVED", WAIT);
        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == 17, WAIT,
                "the hold taking tickets");

        api.awaitStage(id, "EXPIRED", WAIT);

        SaleApi.await(() -> api.ticketType("STANDING"), type -> type.path("available").asInt() == 20, WAIT,
                "the expired hold giving its tickets back");
    }

    @Test
    void customerWhoAbandonsWhileQueuedLeavesTheQueue() {
        api.expect(200, "PUT", "/api/admin/sale/admission",
                "{\"ratePerSecond\":50,\"maxActiveShoppers\":20,\"paused\":true}", true);
        String id = api.newSession();
        api.join(id);
        api.awaitSession(id, s -> "QUEUED".equals(s.path("stage").asString()) && s.path("queue").has("position"), WAIT);

        api.expect(202, "DELETE", "/api/sessions/" + id + "/queue", null, false);
        api.awaitStage(id, "ABANDONED", WAIT);
        api.expect(200, "PUT", "/api/admin/sale/admission",
                "{\"ratePerSecond\":50,\"maxActiveShoppers\":20,\"paused\":false}", true);

        String next = admittedCustomer();
        assertThat(api.session(next).path("stage").asString()).isEqualTo("ADMITTED");
        assertThat(api.session(id).path("stage").asString()).isEqualTo("ABANDONED");
    }

    @Test
    void adminCountersFollowTheSale() {
        String id = admittedCustomer();
        api.reserve(id, "SEATED", 2);
        api.awaitStage(id, "RESERVED", WAIT);
        api.payByCard(id, GOOD_CARD);
        api.awaitStage(id, "COMPLETED", WAIT);

        JsonNode counters = SaleApi.await(() -> api.expect(200, "GET", "/api/admin/sale", null, true),
                c -> c.path("sold").asInt() == 2, WAIT, "the sold counter");
        assertThat(counters.path("remaining").asInt()).isEqualTo(28);
        assertThat(api.call("GET", "/api/admin/sale", null, false).statusCode()).isEqualTo(401);
    }
}
