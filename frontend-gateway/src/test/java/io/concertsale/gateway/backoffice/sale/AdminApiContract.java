package io.concertsale.gateway.backoffice.sale;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.sale.Sale;
import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.sale.SaleSetup;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.test.SessionSocket;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The operator's API: the credential, opening (resetting) a sale, admission settings and live counters. */
abstract class AdminApiContract extends GatewayContract {

    static final String SALE = """
            {"name":"Reset test","currency":"EUR","maxTicketsPerCustomer":4,"holdSeconds":90,
             "ticketTypes":[{"type":"GA","name":"General admission","price":45.00,"quantity":2000},
                            {"type":"VIP","price":150.50,"quantity":100}],
             "admission":{"ratePerSecond":25,"maxActiveShoppers":200,"paused":false}}""";

    @Test
    void adminApiAndBackofficeNeedTheAdminCredential() {
        HttpResponse<String> anonymous = admin("GET", "/api/admin/sale", null, null);
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).startsWith("Basic realm="));

        assertProblem(admin("GET", "/api/admin/sale", null, "wrong-password"), 401, "unauthorized");
        assertProblem(admin("PUT", "/api/admin/sale", SALE, "wrong-password"), 401, "unauthorized");
        assertProblem(admin("PUT", "/api/admin/sale/admission", "{}", null), 401, "unauthorized");
        assertProblem(admin("GET", "/backoffice/", null, null), 401, "unauthorized");
        assertProblem(admin("GET", "/actuator/metrics", null, null), 401, "unauthorized");

        assertThat(admin("GET", "/api/admin/sale", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/sale").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Autowired
    SaleService sales;

    @Autowired
    SessionService sessions;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    /**
     * A new sale while a batch of events is in its transaction: the batch has updated a session and will update the
     * sale's row next (a fact about a fan, then {@code Queue.Progressed}), where the reset takes the sale's row and
     * then every session. Both complete: the reset waits for the batch. They used to deadlock, and the database
     * answered one of them with an error (seen in CI: the operator's {@code PUT /api/admin/sale} answered 503).
     */
    @Test
    void aNewSaleWaitsForAnEventBatchInProgressInsteadOfDeadlockingWithIt() throws Exception {
        String id = newSession();
        join(id);
        String saleId = currentSaleId();
        CompletableFuture<Void> sessionUpdated = new CompletableFuture<>();
        CompletableFuture<Void> resetWaits = new CompletableFuture<>();
        CompletableFuture<Void> batch = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                transactions.executeWithoutResult(status -> {
                    sessions.notify(id, "test", "A message from an event", false);
                    sessionUpdated.complete(null);
                    resetWaits.join();
                    sales.progressed(new QueueProgressed(saleId, 0, 1, 1, 25.0, false, Instant.now()));
                });
                batch.complete(null);
            } catch (RuntimeException e) {
                batch.completeExceptionally(e);
            }
        });
        sessionUpdated.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<Sale> reset = new CompletableFuture<>();
        Thread resetting = Thread.ofPlatform().start(() -> {
            try {
                reset.complete(sales.open(new SaleSetup("After the batch", "EUR",
                        List.of(new TicketTypeSpec("GA", "General admission", new BigDecimal("45.00"), 100)), 4, 90,
                        new AdmissionSettings(25, 200, false))));
            } catch (RuntimeException e) {
                reset.completeExceptionally(e);
            }
        });
        awaitWaiting(resetting);
        resetWaits.complete(null);

        assertThat(batch).as("the batch").succeedsWithin(WAIT);
        assertThat(reset).as("the new sale").succeedsWithin(WAIT);
        assertThat(currentSaleId()).isEqualTo(reset.get().saleId()).isNotEqualTo(saleId);
        assertProblem(get("/api/sessions/" + id), 404, "session-not-found");
    }

    /**
     * Until the thread waits for a lock: in memory or for a row on H2 (the thread parks), on the database's side on
     * PostgreSQL (the thread reads its socket).
     */
    private void awaitWaiting(Thread thread) throws SQLException, InterruptedException {
        boolean postgres;
        try (Connection connection = dataSource.getConnection()) {
            postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        }
        Instant deadline = Instant.now().plus(WAIT);
        while (thread.getState() == Thread.State.RUNNABLE && !(postgres
                && jdbc.sql("SELECT COUNT(*) FROM pg_locks WHERE NOT granted").query(Long.class).single() > 0)) {
            assertThat(Instant.now()).as("the reset waits for a lock").isBefore(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void openingASaleResetsEverySessionAndEmitsSaleOpened() {
        String before = newSession();
        join(before);
        try (SessionSocket socket = socket(before)) {
            socket.awaitStage("QUEUED", WAIT);

            HttpResponse<String> opened = admin("PUT", "/api/admin/sale", SALE);

            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
            assertThat(socket.awaitClosed(WAIT)).isEqualTo(4410);
            JsonNode sale = json(opened);
            String saleId = sale.path("saleId").asString();
            assertThat(saleId).isNotBlank();
            assertThat(sale.path("status").asString()).isEqualTo("OPEN");
            assertThat(sale.path("ticketTypes").get(1).path("name").asString()).as("name defaults to the type")
                    .isEqualTo("VIP");

            CloudEvent event = SINK.await(e -> e.getType().equals(EventTypes.SALE_OPENED)
                    && data(e).path("saleId").asString().equals(saleId), WAIT);
            JsonNode data = data(event);
            assertThat(data.path("name").asString()).isEqualTo("Reset test");
            assertThat(data.path("maxTicketsPerCustomer").asInt()).isEqualTo(4);
            assertThat(data.path("holdSeconds").asInt()).isEqualTo(90);
            assertThat(data.path("ticketTypes").get(0).path("price").decimalValue()).isEqualByComparingTo("45.00");
            assertThat(data.path("ticketTypes").get(0).path("quantity").asInt()).isEqualTo(2000);
            assertThat(data.path("admission").path("ratePerSecond").asDouble()).isEqualTo(25.0);
            assertThat(event.getExtension("correlationkey")).isNull();

            assertProblem(get("/api/sessions/" + before), 404, "session-not-found");
            JsonNode publicSale = json(get("/api/sale"));
            assertThat(publicSale.path("saleId").asString()).isEqualTo(saleId);
            assertThat(publicSale.path("maxTicketsPerCustomer").asInt()).isEqualTo(4);
            JsonNode types = json(get("/api/ticket-types"));
            assertThat(types).hasSize(2);
            assertThat(types.get(0).path("type").asString()).isEqualTo("GA");
            assertThat(types.get(0).path("available").asInt()).isEqualTo(2000);
            assertThat(json(admin("GET", "/api/admin/sale", null)).path("sessionsByStage").path("QUEUED").asLong())
                    .isZero();
        }
    }

    @Test
    void invalidSaleIsABadRequestWithFieldErrorsAndChangesNothing() {
        String saleId = json(get("/api/sale")).path("saleId").asString();

        HttpResponse<String> invalid = admin("PUT", "/api/admin/sale", """
                {"currency":"euro","maxTicketsPerCustomer":0,"holdSeconds":90,
                 "ticketTypes":[{"type":"GA","price":-1,"quantity":10}]}""");

        assertProblem(invalid, 400, "invalid-request");
        JsonNode errors = json(invalid).path("errors");
        assertThat(errors.has("currency")).isTrue();
        assertThat(errors.has("maxTicketsPerCustomer")).isTrue();
        assertThat(errors.has("ticketTypes[0].price")).isTrue();

        HttpResponse<String> twice = admin("PUT", "/api/admin/sale", """
                {"currency":"EUR","maxTicketsPerCustomer":2,"holdSeconds":90,
                 "ticketTypes":[{"type":"GA","price":1,"quantity":10},{"type":"GA","price":2,"quantity":10}]}""");
        assertProblem(twice, 400, "invalid-request");
        assertThat(json(twice).path("errors").has("ticketTypes[1].type")).isTrue();

        assertProblem(admin("PUT", "/api/admin/sale", """
                {"currency":"EUR","maxTicketsPerCustomer":2,"holdSeconds":90,"ticketTypes":[]}"""),
                400, "invalid-request");
        assertThat(json(get("/api/sale")).path("saleId").asString()).isEqualTo(saleId);
    }

    @Test
    void admissionUpdateEmitsSaleAdmissionUpdated() {
        String saleId = json(get("/api/sale")).path("saleId").asString();

        HttpResponse<String> updated = admin("PUT", "/api/admin/sale/admission",
                "{\"ratePerSecond\":5.5,\"maxActiveShoppers\":42,\"paused\":true}");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).path("admission").path("maxActiveShoppers").asInt()).isEqualTo(42);
        CloudEvent event = SINK.await(e -> e.getType().equals(EventTypes.SALE_ADMISSION_UPDATED)
                && data(e).path("saleId").asString().equals(saleId), WAIT);
        assertThat(data(event).path("admission").path("ratePerSecond").asDouble()).isEqualTo(5.5);
        assertThat(data(event).path("admission").path("paused").asBoolean()).isTrue();
        JsonNode counters = json(admin("GET", "/api/admin/sale", null));
        assertThat(counters.path("paused").asBoolean()).isTrue();
        assertThat(counters.path("maxActiveShoppers").asInt()).isEqualTo(42);

        assertProblem(admin("PUT", "/api/admin/sale/admission", "{\"ratePerSecond\":-1,\"maxActiveShoppers\":0}"),
                400, "invalid-request");
    }

    @Test
    void countersComeFromTheLatestReportsAndTheSessions() {
        String saleId = json(admin("PUT", "/api/admin/sale", SALE)).path("saleId").asString();
        String waiting = newSession();
        join(waiting);
        admittedSession();
        newSession();
        event(progressed(37, 25));
        event(TICKETS.broadcast(EventTypes.TICKETS_AVAILABILITY_CHANGED, new TicketsAvailabilityChanged(saleId,
                "EUR", List.of(new TicketAvailability("GA", "General admission", new BigDecimal("45.00"), 2000, 1900,
                                60, 40),
                        new TicketAvailability("VIP", "VIP", new BigDecimal("150.50"), 100, 90, 4, 6)),
                Instant.now())));

        JsonNode counters = json(admin("GET", "/api/admin/sale", null));

        assertThat(counters.path("saleId").asString()).isEqualTo(saleId);
        assertThat(counters.path("status").asString()).isEqualTo("OPEN");
        assertThat(counters.path("queued").asLong()).isEqualTo(100);
        assertThat(counters.path("admittedTotal").asLong()).isEqualTo(37);
        assertThat(counters.path("activeShoppers").asLong()).isEqualTo(10);
        assertThat(counters.path("ratePerSecond").asDouble()).isEqualTo(25.0);
        assertThat(counters.path("reserved").asLong()).isEqualTo(64);
        assertThat(counters.path("sold").asLong()).isEqualTo(46);
        assertThat(counters.path("remaining").asLong()).isEqualTo(1990);
        assertThat(counters.path("ticketTypes").get(1).path("sold").asInt()).isEqualTo(6);
        JsonNode byStage = counters.path("sessionsByStage");
        assertThat(byStage.path("NEW").asLong()).isEqualTo(1);
        assertThat(byStage.path("QUEUED").asLong()).isEqualTo(1);
        assertThat(byStage.path("ADMITTED").asLong()).isEqualTo(1);
        assertThat(byStage.path("COMPLETED").asLong()).isZero();
        assertThat(json(get("/api/ticket-types")).get(0).path("available").asInt()).isEqualTo(1900);
    }
}
