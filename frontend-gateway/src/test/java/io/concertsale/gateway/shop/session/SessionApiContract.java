package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.gateway.GatewayContract;
import io.concertsale.gateway.shop.session.web.EntryLimit;
import io.concertsale.gateway.test.SessionSocket;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The browser API, the WebSocket and the events the gateway emits, driven by the events the other services send. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "gateway.sessions.entry-concurrency=1",
        "gateway.sessions.entry-wait=300ms",
        "logging.level.io.concertsale=DEBUG",
        "logging.level.org.springframework.web.client=DEBUG",
        "logging.level.org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor=DEBUG"})
abstract class SessionApiContract extends GatewayContract {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdleSessions idleSessions;

    @Autowired
    SessionService sessionService;

    @Autowired
    SaleLock saleLock;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    /**
     * The entry limit (here one place, {@code gateway.sessions.entry-concurrency=1}): while a join takes the place
     * (it waits for a new sale the test holds back), an admitted fan's reservation is served at once, and a new
     * fan's session, finding no place within {@code gateway.sessions.entry-wait}, is answered busy and not made.
     */
    @Test
    void whileTheEntriesTakeEveryPlaceAnAdmittedFanReservesAtOnceAndANewFanIsAnsweredBusy() throws Exception {
        String buyer = admittedSession();
        String joiner = newSession();
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            saleLock.excludeUntilCompletion();
            held.complete(null);
            release.join();
        }));
        held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> join = CompletableFuture.supplyAsync(
                () -> post("/api/sessions/" + joiner + "/queue", null), work -> Thread.ofPlatform().start(work));
        try {
            Instant deadline = Instant.now().plus(WAIT);
            while (meters.get(EntryLimit.IN_PROGRESS_METER).gauge().value() < 1) {
                assertThat(Instant.now()).as("the join takes the place").isBefore(deadline);
                Thread.sleep(5);
            }

            HttpResponse<String> reservation = post("/api/sessions/" + buyer + "/reservation",
                    "{\"ticketType\":\"STANDING\",\"quantity\":2}");
            long sessionsBefore = jdbc.sql("SELECT COUNT(*) FROM sale_session").query(Long.class).single();
            HttpResponse<String> newcomer = post("/api/sessions", null);

            assertThat(reservation.statusCode()).as(reservation.body()).isEqualTo(202);
            assertProblem(newcomer, 503, "busy");
            assertThat(newcomer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM sale_session").query(Long.class).single())
                    .as("no session made").isEqualTo(sessionsBefore);
            assertThat(join).as("the join still waits").isNotDone();
        } finally {
            release.complete(null);
        }
        assertThat(join.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        assertThat(stage(joiner)).isEqualTo("QUEUED");
        assertThat(post("/api/sessions", null).statusCode()).as("the place is free again").isEqualTo(201);
    }

    @Test
    void newSessionIsCreatedWithALocationAndStartsNew() {
        HttpResponse<String> created = post("/api/sessions", null);

        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("sessionId").asString();
        assertThat(UUID.fromString(id)).hasToString(id);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/sessions/" + id);
        JsonNode session = session(id);
        assertThat(session.path("stage").asString()).isEqualTo("NEW");
        assertThat(session.path("createdAt").asString()).isNotBlank();
        assertThat(session.has("queue")).isFalse();
        assertThat(session.has("reservation")).isFalse();
    }

    @Test
    void unknownSessionIsNotFound() {
        assertProblem(get("/api/sessions/no-such-session"), 404, "session-not-found");
        assertProblem(post("/api/sessions/no-such-session/queue", null), 404, "session-not-found");
        assertProblem(delete("/api/sessions/no-such-session/queue"), 404, "session-not-found");
    }

    @Test
    void defaultSaleIsOpenAtStartWithItsTicketTypes() {
        JsonNode sale = json(get("/api/sale"));

        assertThat(sale.path("name").asString()).isEqualTo("Kubernetes & Cloud Events World Tour");
        assertThat(sale.path("status").asString()).isEqualTo("OPEN");
        assertThat(sale.path("maxTicketsPerCustomer").asInt()).isEqualTo(10);
        assertThat(sale.path("holdSeconds").asInt()).isEqualTo(180);
        JsonNode types = json(get("/api/ticket-types"));
        assertThat(types).hasSize(2);
        assertThat(types.get(0).path("type").asString()).isEqualTo("STANDING");
        assertThat(types.get(0).path("price").decimalValue()).isEqualByComparingTo("59.00");
        assertThat(types.get(0).path("currency").asString()).isEqualTo("EUR");
        assertThat(types.get(0).path("total").asInt()).isEqualTo(15000);
        assertThat(types.get(1).path("type").asString()).isEqualTo("SEATED");
        assertThat(types.get(1).path("available").asInt()).isEqualTo(5000);
        CloudEvent opened = SINK.await(event -> event.getType().equals(EventTypes.SALE_OPENED)
                && data(event).path("saleId").asString().equals(sale.path("saleId").asString()), WAIT);
        assertThat(data(opened).path("ticketTypes")).hasSize(2);
    }

    @Test
    void wholeJourneyIsPushedOverTheWebSocketAsTheOtherServicesReport() {
        String id = newSession();
        event(progressed(10, 2));
        try (SessionSocket socket = socket(id)) {
            assertThat(socket.next(WAIT).path("stage").asString()).isEqualTo("NEW");

            assertThat(post("/api/sessions/" + id + "/queue", null).statusCode()).isEqualTo(202);
            JsonNode joined = data(emitted(EventTypes.QUEUE_CUSTOMER_JOINED, id));
            assertThat(joined.path("sessionId").asString()).isEqualTo(id);
            assertThat(joined.path("saleId").asString()).isEqualTo(currentSaleId());
            long number = joined.path("number").asLong();
            JsonNode queuedState = socket.awaitStage("QUEUED", WAIT).path("queue");
            assertThat(queuedState.path("joinedAt").asString()).isNotBlank();
            assertThat(queuedState.path("number").asLong()).as("the gateway's join number").isEqualTo(number);

            event(queued(id, number, 5, 10));
            JsonNode waiting = socket.await(message -> message.path("queue").path("position").asLong() == 5, WAIT);
            assertThat(waiting.path("queue").path("number").asLong()).isEqualTo(number);
            assertThat(waiting.path("queue").path("etaSeconds").asLong()).isEqualTo(3);

            event(progressed(12, 2));
            JsonNode moved = socket.await(message -> message.path("queue").path("position").asLong() == 3, WAIT);
            assertThat(moved.path("queue").path("etaSeconds").asLong()).isEqualTo(2);

            HttpResponse<String> admitted = event(exited(id, "secret-admission-token"));
            assertThat(admitted.headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
            JsonNode admittedState = socket.awaitStage("ADMITTED", WAIT);
            assertThat(admittedState.path("queue").path("admissionExpiresAt").asString()).isNotBlank();
            assertThat(admittedState.path("queue").has("position")).isFalse();
            assertThat(admittedState.toString()).doesNotContain("secret-admission-token");
            assertThat(get("/api/sessions/" + id).body()).doesNotContain("secret-admission-token");

            assertThat(post("/api/sessions/" + id + "/reservation", "{\"ticketType\":\"STANDING\",\"quantity\":2}")
                    .statusCode()).isEqualTo(202);
            JsonNode requested = data(emitted(EventTypes.TICKETS_REQUESTED, id));
            assertThat(requested.path("ticketType").asString()).isEqualTo("STANDING");
            assertThat(requested.path("quantity").asInt()).isEqualTo(2);
            assertThat(requested.path("admissionToken").asString()).isEqualTo("secret-admission-token");

            event(reserved(id));
            JsonNode reservation = socket.awaitStage("RESERVED", WAIT).path("reservation");
            assertThat(reservation.path("id").asString()).isEqualTo("r-" + id);
            assertThat(reservation.path("quantity").asInt()).isEqualTo(2);
            assertThat(reservation.path("amount").decimalValue()).isEqualByComparingTo("118.00");
            assertThat(reservation.path("expiresAt").asString()).isNotBlank();

            payByCard(id, "4111111111111111");
            JsonNode paymentRequested = data(emitted(EventTypes.TICKETS_PAYMENT_REQUESTED, id));
            assertThat(paymentRequested.path("method").asString()).isEqualTo("CARD");
            assertThat(paymentRequested.path("reservationId").asString()).isEqualTo("r-" + id);
            assertThat(CARDS.tokens()).contains(paymentRequested.path("cardToken").asString());
            assertThat(CARDS.requests().getLast().path("reference").asString())
                    .as("the token is made for this reservation's payment").isEqualTo("r-" + id);
            JsonNode pending = socket.awaitStage("PAYMENT_PENDING", WAIT).path("payment");
            assertThat(pending.path("status").asString()).isEqualTo("PENDING");
            assertThat(pending.path("attempts").asInt()).isEqualTo(1);
            assertThat(pending.path("card").path("last4").asString()).isEqualTo("1111");

            event(paymentPending(id, "p-" + id));
            event(paymentAuthorized(id, "p-" + id));
            assertThat(socket.awaitStage("PAID", WAIT).path("payment").path("status").asString())
                    .isEqualTo("AUTHORIZED");

            event(issued(id));
            JsonNode completed = socket.awaitStage("COMPLETED", WAIT);
            assertThat(completed.path("tickets")).hasSize(2);
            assertThat(completed.path("tickets").get(0).path("code").asString()).isEqualTo("T-" + id + "-1");

            List<String> stages = new ArrayList<>();
            socket.received().forEach(message -> {
                String stage = message.path("stage").asString();
                if (stages.isEmpty() || !stages.getLast().equals(stage)) {
                    stages.add(stage);
                }
            });
            assertThat(stages).containsExactly("NEW", "QUEUED", "ADMITTED", "RESERVED", "PAYMENT_PENDING", "PAID",
                    "COMPLETED");
        }
        assertThat(session(id).path("stage").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void everySocketOfASessionGetsTheUpdates() {
        String id = newSession();
        try (SessionSocket first = socket(id); SessionSocket second = socket(id)) {
            first.awaitStage("NEW", WAIT);
            second.awaitStage("NEW", WAIT);

            join(id);

            assertThat(first.awaitStage("QUEUED", WAIT).path("sessionId").asString()).isEqualTo(id);
            assertThat(second.awaitStage("QUEUED", WAIT).path("sessionId").asString()).isEqualTo(id);
        }
    }

    @Test
    void ticketQrCodesAreServedForTheSessionsOwnTicketsOnly() {
        String id = reservedSession();
        payByCard(id, "4111111111111111");
        event(paymentPending(id, "p-" + id));
        event(paymentAuthorized(id, "p-" + id));
        event(issued(id));
        assertThat(stage(id)).isEqualTo("COMPLETED");

        HttpResponse<String> qr = get("/api/sessions/" + id + "/tickets/T-" + id + "-1/qr.svg");

        assertThat(qr.statusCode()).as(qr.body()).isEqualTo(200);
        assertThat(qr.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(qr.headers().firstValue("Cache-Control")).hasValueSatisfying(
                cache -> assertThat(cache).contains("private"));
        assertThat(qr.body()).startsWith("<svg").contains("<title>QR code of ticket T-" + id + "-1</title>")
                .contains("<path ");
        assertProblem(get("/api/sessions/" + id + "/tickets/T-unknown/qr.svg"), 404, "ticket-not-found");
        String other = newSession();
        assertProblem(get("/api/sessions/" + other + "/tickets/T-" + id + "-1/qr.svg"), 404, "ticket-not-found");
        assertProblem(get("/api/sessions/no-such-session/tickets/T-" + id + "-1/qr.svg"), 404, "session-not-found");
    }

    @Test
    void socketForAnUnknownSessionIsClosedWith4404() {
        try (SessionSocket socket = socket("no-such-session")) {
            assertThat(socket.awaitClosed(WAIT)).isEqualTo(4404);
            assertThat(socket.received()).isEmpty();
        }
    }

    @Test
    void structuredModeEventsAreTakenToo() {
        String id = newSession();
        join(id);

        HttpResponse<String> response = CloudEventRequests.structured(events(), exited(id, "t"), TestIdentity.delivery());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(stage(id)).isEqualTo("ADMITTED");
    }

    @Test
    void joiningAgainWhileQueuedReEmitsAndJoiningOnceAdmittedIsAConflict() {
        String id = newSession();
        join(id);
        emitted(EventTypes.QUEUE_CUSTOMER_JOINED, id);

        join(id);
        SINK.await(event -> emittedNow(EventTypes.QUEUE_CUSTOMER_JOINED, id).size() == 2, WAIT);
        assertThat(stage(id)).isEqualTo("QUEUED");

        event(exited(id, "t"));
        HttpResponse<String> again = post("/api/sessions/" + id + "/queue", null);
        assertProblem(again, 409, "stage-conflict");
        assertThat(json(again).path("stage").asString()).isEqualTo("ADMITTED");
    }

    @Test
    void leavingEmitsAbandonedAndEndsTheSession() {
        String id = admittedSession();

        HttpResponse<String> left = delete("/api/sessions/" + id + "/queue");

        assertThat(left.statusCode()).isEqualTo(202);
        assertThat(json(left).path("stage").asString()).isEqualTo("ABANDONED");
        assertThat(json(left).path("exit").path("reason").asString()).isEqualTo("LEFT");
        assertThat(data(emitted(EventTypes.QUEUE_CUSTOMER_ABANDONED, id)).path("reason").asString())
                .isEqualTo("LEFT");
        assertProblem(delete("/api/sessions/" + id + "/queue"), 409, "stage-conflict");
        assertProblem(post("/api/sessions/" + id + "/queue", null), 409, "stage-conflict");
    }

    @Test
    void leavingOncePaidIsAConflict() {
        String id = reservedSession();
        payByCard(id, "4111111111111111");
        event(paymentAuthorized(id, "p-" + id));

        assertProblem(delete("/api/sessions/" + id + "/queue"), 409, "stage-conflict");
        assertThat(stage(id)).isEqualTo("PAID");
        assertThat(emittedNow(EventTypes.QUEUE_CUSTOMER_ABANDONED, id)).isEmpty();
    }

    @Test
    void reservingBeforeAdmissionIsAConflictAndEmitsNothing() {
        String id = newSession();
        join(id);

        HttpResponse<String> response = post("/api/sessions/" + id + "/reservation",
                "{\"ticketType\":\"STANDING\",\"quantity\":2}");

        assertProblem(response, 409, "stage-conflict");
        assertThat(json(response).path("stage").asString()).isEqualTo("QUEUED");
        assertThat(emittedNow(EventTypes.TICKETS_REQUESTED, id)).isEmpty();
    }

    @Test
    void reservingAnUnknownTypeOrAQuantityOutOfRangeIsABadRequest() {
        String id = admittedSession();

        HttpResponse<String> unknown = post("/api/sessions/" + id + "/reservation",
                "{\"ticketType\":\"BALCONY\",\"quantity\":2}");
        assertProblem(unknown, 400, "invalid-request");
        assertThat(json(unknown).path("errors").path("ticketType").asString()).contains("STANDING");

        HttpResponse<String> none = post("/api/sessions/" + id + "/reservation",
                "{\"ticketType\":\"STANDING\",\"quantity\":0}");
        assertProblem(none, 400, "invalid-request");
        assertThat(json(none).path("errors").path("quantity").asString()).isEqualTo("must be between 1 and 10");

        assertProblem(post("/api/sessions/" + id + "/reservation", "{\"ticketType\":\"STANDING\",\"quantity\":11}"),
                400, "invalid-request");
        HttpResponse<String> missing = post("/api/sessions/" + id + "/reservation", "{\"quantity\":1}");
        assertProblem(missing, 400, "invalid-request");
        assertThat(json(missing).path("errors").has("ticketType")).isTrue();
        assertProblem(post("/api/sessions/" + id + "/reservation", "{not json"), 400, "invalid-request");

        assertThat(emittedNow(EventTypes.TICKETS_REQUESTED, id)).isEmpty();
        assertThat(stage(id)).isEqualTo("ADMITTED");
    }

    @Test
    void payingBeforeTheReservationIsAConflictAndNoCardIsSent() {
        String id = admittedSession();
        int cardsBefore = CARDS.requests().size();

        HttpResponse<String> response = post("/api/sessions/" + id + "/payment",
                "{\"method\":\"CARD\",\"card\":{\"number\":\"4111111111111111\",\"expiry\":\"12/30\",\"cvc\":\"123\"}}");

        assertProblem(response, 409, "stage-conflict");
        assertThat(CARDS.requests()).hasSize(cardsBefore);
        assertThat(emittedNow(EventTypes.TICKETS_PAYMENT_REQUESTED, id)).isEmpty();
    }

    @Test
    void paymentWithoutAValidMethodOrWithoutACardIsABadRequest() {
        String id = reservedSession();

        HttpResponse<String> method = post("/api/sessions/" + id + "/payment", "{\"method\":\"CASH\"}");
        assertProblem(method, 400, "invalid-request");
        assertThat(json(method).path("errors").path("method").asString()).isEqualTo("must be CARD or MONEY_TRANSFER");
        assertThat(json(method).path("title").asString()).isEqualTo("Invalid request");
        assertThat(json(method).path("detail").asString()).isEqualTo("The request has invalid fields");
        // what Jackson alone would read as a method (an index, a padded name) or refuse as unreadable JSON
        for (String notAMethod : List.of("0", "1", "\"1\"", "\" CARD\"", "\"card\"", "\"\"", "true")) {
            HttpResponse<String> response = post("/api/sessions/" + id + "/payment",
                    "{\"method\":" + notAMethod + ",\"card\":{\"number\":\"4111111111111111\",\"expiry\":\"12/30\","
                            + "\"cvc\":\"123\"}}");
            assertProblem(response, 400, "invalid-request");
            assertThat(json(response).path("errors").path("method").asString()).as(notAMethod)
                    .isEqualTo("must be CARD or MONEY_TRANSFER");
        }
        HttpResponse<String> missing = post("/api/sessions/" + id + "/payment", "{}");
        assertProblem(missing, 400, "invalid-request");
        assertThat(json(missing).path("errors").path("method").asString()).isEqualTo("must not be null");
        HttpResponse<String> nothing = post("/api/sessions/" + id + "/payment", "{\"method\":null}");
        assertProblem(nothing, 400, "invalid-request");
        assertThat(json(nothing).path("errors").path("method").asString()).isEqualTo("must not be null");

        HttpResponse<String> card = post("/api/sessions/" + id + "/payment", "{\"method\":\"CARD\"}");
        assertProblem(card, 400, "invalid-request");
        assertThat(json(card).path("errors").has("card")).isTrue();
        assertThat(stage(id)).isEqualTo("RESERVED");
        assertThat(emittedNow(EventTypes.TICKETS_PAYMENT_REQUESTED, id)).isEmpty();
    }

    @Test
    void invalidCardPassesTheProvidersFieldErrorsThroughAndEmitsNothing() {
        String id = reservedSession();

        HttpResponse<String> response = post("/api/sessions/" + id + "/payment",
                "{\"method\":\"CARD\",\"card\":{\"number\":\"4111111111111112\",\"expiry\":\"12/30\",\"cvc\":\"1\"}}");

        assertProblem(response, 400, "invalid-card");
        JsonNode errors = json(response).path("errors");
        assertThat(errors.path("number").asString()).isEqualTo("is not a valid card number");
        assertThat(errors.path("cvc").asString()).isEqualTo("must be 3 or 4 digits");
        assertThat(response.body()).doesNotContain("4111111111111112");
        assertThat(stage(id)).isEqualTo("RESERVED");
        assertThat(session(id).path("payment").path("attempts").asInt()).isZero();
        assertThat(emittedNow(EventTypes.TICKETS_PAYMENT_REQUESTED, id)).isEmpty();
    }

    @Test
    void unavailablePaymentProviderIsRetryableAndChangesNothing() {
        String id = reservedSession();
        CARDS.failNext(1);

        HttpResponse<String> response = post("/api/sessions/" + id + "/payment",
                "{\"method\":\"CARD\",\"card\":{\"number\":\"4111111111111111\",\"expiry\":\"12/30\",\"cvc\":\"123\"}}");

        assertProblem(response, 503, "payment-provider-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(stage(id)).isEqualTo("RESERVED");
        assertThat(emittedNow(EventTypes.TICKETS_PAYMENT_REQUESTED, id)).isEmpty();
    }

    @Test
    void theCardNumberAppearsNowhereButAtTheProvider(CapturedOutput output) {
        String number = "5555555555554444";
        String id = reservedSession();

        payByCard(id, number);
        CloudEvent requested = emitted(EventTypes.TICKETS_PAYMENT_REQUESTED, id);
        event(paymentPending(id, "p-" + id));

        assertThat(CARDS.requests()).anySatisfy(card -> assertThat(card.path("number").asString()).isEqualTo(number));
        assertThat(data(requested).toString()).doesNotContain(number).doesNotContain("5555 5555");
        assertThat(SINK.events()).allSatisfy(event -> assertThat(new String(event.getData().toBytes()))
                .doesNotContain(number));
        assertThat(databaseDump()).doesNotContain(number).contains(id);
        assertThat(session(id).toString()).doesNotContain(number).contains("4444");
        assertThat(output.getAll()).doesNotContain(number).contains("RequestResponseBodyMethodProcessor")
                .contains("****4444");
    }

    @Test
    void declinedPaymentReturnsToReservedAndMayBeRetried() {
        String id = reservedSession();
        payByCard(id, "4000000000000002");
        event(paymentPending(id, "p1-" + id));

        event(TICKETS.journey(EventTypes.TICKETS_PAYMENT_DECLINED, id, new TicketsPaymentDeclined(id, "r-" + id,
                "p1-" + id, "CARD_DECLINED", Instant.now().plusSeconds(60))));

        JsonNode declined = session(id);
        assertThat(declined.path("stage").asString()).isEqualTo("RESERVED");
        assertThat(declined.path("payment").path("status").asString()).isEqualTo("DECLINED");
        assertThat(declined.path("payment").path("declineReason").asString()).isEqualTo("CARD_DECLINED");

        payByCard(id, "4111111111111111");
        SINK.await(event -> emittedNow(EventTypes.TICKETS_PAYMENT_REQUESTED, id).size() == 2, WAIT);
        JsonNode retried = session(id);
        assertThat(retried.path("stage").asString()).isEqualTo("PAYMENT_PENDING");
        assertThat(retried.path("payment").path("attempts").asInt()).isEqualTo(2);
        assertThat(retried.path("payment").has("declineReason")).isFalse();

        event(paymentPending(id, "p1-" + id));
        event(paymentAuthorized(id, "p1-" + id));
        assertThat(stage(id)).as("facts about the declined payment are stale").isEqualTo("PAYMENT_PENDING");
        event(paymentAuthorized(id, "p2-" + id));
        assertThat(stage(id)).isEqualTo("PAID");
    }

    @Test
    void moneyTransferNeedsNoCardAndShowsTheInstructions() {
        String id = reservedSession();
        int cardsBefore = CARDS.requests().size();

        HttpResponse<String> response = post("/api/sessions/" + id + "/payment", "{\"method\":\"MONEY_TRANSFER\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(CARDS.requests()).hasSize(cardsBefore);
        JsonNode requested = data(emitted(EventTypes.TICKETS_PAYMENT_REQUESTED, id));
        assertThat(requested.path("method").asString()).isEqualTo("MONEY_TRANSFER");
        assertThat(requested.path("cardToken").isNull()).isTrue();
        event(TICKETS.journey(EventTypes.TICKETS_PAYMENT_PENDING, id, new TicketsPaymentPending(id, "r-" + id,
                "mt-" + id, PaymentMethod.MONEY_TRANSFER, new BigDecimal("118.00"), "EUR",
                new MoneyTransferInstructions("mt-" + id, "Concert Sale Ltd", "DE89370400440532013000", null,
                        "REF-" + id, new BigDecimal("118.00"), "EUR", Instant.now().plusSeconds(600)))));
        JsonNode payment = session(id).path("payment");
        assertThat(payment.path("method").asString()).isEqualTo("MONEY_TRANSFER");
        assertThat(payment.path("moneyTransfer").path("iban").asString()).isEqualTo("DE89370400440532013000");
        assertThat(payment.path("moneyTransfer").path("reference").asString()).isEqualTo("REF-" + id);
    }

    @Test
    void aPaymentFactWithAMethodOutsideThePublishedLanguageIsInvalidDataAndChangesNothing() {
        String id = reservedSession();
        assertThat(post("/api/sessions/" + id + "/payment", "{\"method\":\"MONEY_TRANSFER\"}").statusCode())
                .isEqualTo(202);
        CloudEvent pending = TICKETS.journey(EventTypes.TICKETS_PAYMENT_PENDING, id, new TicketsPaymentPending(id,
                "r-" + id, "mt-" + id, PaymentMethod.MONEY_TRANSFER, new BigDecimal("118.00"), "EUR",
                new MoneyTransferInstructions("mt-" + id, "Concert Sale Ltd", "DE89370400440532013000", null,
                        "REF-" + id, new BigDecimal("118.00"), "EUR", Instant.now().plusSeconds(600))));
        String data = new String(pending.getData().toBytes(), StandardCharsets.UTF_8);
        assertThat(data).contains("\"method\":\"MONEY_TRANSFER\"");

        HttpResponse<String> refused = CloudEventRequests.delivered(events(), CloudEventBuilder.v1(pending)
                .withData(SaleEvents.JSON, data.replace("\"method\":\"MONEY_TRANSFER\"", "\"method\":\"BITCOIN\"")
                        .getBytes(StandardCharsets.UTF_8))
                .build());

        assertProblem(refused, 400, "invalid-data");
        assertThat(json(refused).path("detail").asString()).contains("method");
        assertThat(session(id).path("payment").path("moneyTransfer").isNull()
                || session(id).path("payment").path("moneyTransfer").isMissingNode()).isTrue();
        event(pending);
        JsonNode payment = session(id).path("payment");
        assertThat(payment.path("method").asString()).isEqualTo("MONEY_TRANSFER");
        assertThat(payment.path("moneyTransfer").path("reference").asString()).isEqualTo("REF-" + id);
    }

    @Test
    void idleSessionIsAbandonedUnlessItsSocketIsOpen() {
        String idle = newSession();
        join(idle);
        String watched = newSession();
        join(watched);
        String paying = reservedSession();
        payByCard(paying, "4111111111111111");

        try (SessionSocket socket = socket(watched)) {
            socket.awaitStage("QUEUED", WAIT);
            idleSessions.abandonIdleSince(Instant.now().plusSeconds(60));
        }

        JsonNode abandoned = session(idle);
        assertThat(abandoned.path("stage").asString()).isEqualTo("ABANDONED");
        assertThat(abandoned.path("exit").path("reason").asString()).isEqualTo("SESSION_EXPIRED");
        assertThat(data(emitted(EventTypes.QUEUE_CUSTOMER_ABANDONED, idle)).path("reason").asString())
                .isEqualTo("SESSION_EXPIRED");
        assertThat(stage(watched)).isEqualTo("QUEUED");
        assertThat(stage(paying)).isEqualTo("PAYMENT_PENDING");
    }

    @Test
    void pageIsToldToPollFarBackInTheQueueAndToHoldAWebSocketNearTheFrontAndOnceAdmitted() {
        String id = newSession();
        assertThat(follow(session(id))).as("not in the queue yet").isEqualTo("POLL 120");
        event(progressed(0, 50));

        HttpResponse<String> joined = post("/api/sessions/" + id + "/queue", null);
        long number = json(joined).path("queue").path("number").asLong();
        assertThat(number).isLessThanOrEqualTo(1_000);
        assertThat(follow(json(joined))).as("joined among the first 1,000, not placed yet").isEqualTo("WEBSOCKET 2");

        event(queued(id, number, 50_000, 0));
        JsonNode farBack = session(id);
        assertThat(farBack.path("queue").path("position").asLong()).isEqualTo(50_000);
        assertThat(follow(farBack)).as("1,000 s to wait: poll at the upper bound").isEqualTo("POLL 120");

        event(progressed(48_000, 50));
        assertThat(follow(session(id))).as("40 s to wait: a quarter of it").isEqualTo("POLL 10");

        try (SessionSocket socket = socket(id)) {
            assertThat(follow(socket.next(WAIT))).isEqualTo("POLL 10");

            event(progressed(49_500, 50));
            JsonNode near = socket.await(message -> message.path("queue").path("position").asLong() == 500, WAIT);
            assertThat(follow(near)).as("pushed: 10 s to wait").isEqualTo("WEBSOCKET 2");

            event(exited(id, "token-" + id));
            assertThat(follow(socket.awaitStage("ADMITTED", WAIT))).isEqualTo("WEBSOCKET 2");
        }
    }

    @Test
    void pollingKeepsASessionAliveAsAnOpenSocketDoes() {
        String polled = newSession();
        join(polled);
        String idle = newSession();
        join(idle);
        sessionService.writeActivity(); // what creating and joining noted, before the clock is set back
        jdbc.sql("UPDATE sale_session SET last_seen_at = :old WHERE session_id IN (:ids)")
                .param("old", SqlTime.of(Instant.now().minusSeconds(20 * 60)))
                .param("ids", List.of(polled, idle))
                .update();

        assertThat(session(polled).path("follow").path("mode").asString()).isNotBlank();
        idleSessions.abandonIdleSince(Instant.now().minusSeconds(15 * 60));

        assertThat(stage(polled)).isEqualTo("QUEUED");
        assertThat(stage(idle)).isEqualTo("ABANDONED");
    }

    private static String follow(JsonNode session) {
        JsonNode follow = session.path("follow");
        return follow.path("mode").asString() + " " + follow.path("refreshAfterSeconds").asLong();
    }

    @Test
    void eventsThatCanNeverBeHandledAreBadRequestsAndChangeNothing() {
        String id = admittedSession();

        CloudEvent notOurs = TICKETS.journey(EventTypes.TICKETS_REQUESTED, id,
                new TicketsRequested(id, "STANDING", 1, "t"));
        HttpResponse<String> unknownType = CloudEventRequests.delivered(events(), notOurs);
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.body()).contains("urn:concertsale:problem:unknown-type");

        CloudEvent invalid = CloudEventBuilder.v1(reserved(id))
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + id + "\",\"reservationId\":\"r\"}").getBytes())
                .build();
        HttpResponse<String> invalidData = CloudEventRequests.delivered(events(), invalid);
        assertThat(invalidData.statusCode()).isEqualTo(400);
        assertThat(invalidData.body()).contains("invalid-data");

        CloudEvent uncorrelated = CloudEventBuilder.v1(reserved(id)).withoutExtension(SaleEvents.CORRELATION_KEY)
                .build();
        assertThat(CloudEventRequests.delivered(events(), uncorrelated).body()).contains("missing-correlation-key");

        HttpResponse<String> malformed = CloudEventRequests.raw(events(), "{\"specversion\":\"1.0\",\"id\":", "Authorization", TestIdentity.delivery(),
                "Content-Type", "application/cloudevents+json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed-event");

        assertThat(stage(id)).isEqualTo("ADMITTED");
    }

    @Test
    void shopAtTheRootIsServedFromTheGatewaysOwnStaticFolder() {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("src=\"/js/shop.js\"");
        assertThat(get("/js/live-session.js").body()).contains("/ws/sessions/");
        assertThat(get("/js/api.js").body()).contains("/api/sessions");
    }

    /** Every value of every table of the service's schema, as text. */
    private String databaseDump() {
        List<String> tables = jdbc.sql("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = CURRENT_SCHEMA AND table_type = 'BASE TABLE'""")
                .query(String.class).list();
        assertThat(tables).contains("sale_session", "outbox_event", "processed_event");
        StringBuilder dump = new StringBuilder();
        for (String table : tables) {
            jdbc.sql("SELECT * FROM " + table).query(rs -> {
                for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                    dump.append(rs.getString(column)).append('|');
                }
                dump.append('\n');
            });
        }
        return dump.toString();
    }
}
