package io.concertsale.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.payments.payment.PaymentProcessor;
import io.concertsale.payments.payment.PaymentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The provider's HTTP API and events, over real HTTP with a real database and a recording broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=event-kit,payments-service",
        "payments.api-keys=" + PaymentsContract.API_KEY,
        "payments.authorization-delay=300ms",
        "payments.processor.poll-interval=50ms",
        "payments.money-transfer.auto-accept-after=2s",
        "logging.level.io.concertsale.payments=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
abstract class PaymentsContract {

    static final String API_KEY = "test-merchant-key";
    static final RecordingSink SINK = new RecordingSink();
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VISA = "4242424242424242";
    private static final String DECLINED = "4000000000000002";
    private static final String NO_FUNDS = "4000000000009995";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PaymentProcessor processor;

    @Autowired
    PaymentStore store;

    static void sink(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
    }

    @BeforeEach
    void clear() {
        SINK.clear();
    }

    // --- cards ---

    @Test
    void validCardIsTokenizedWithoutAnApiKey() {
        HttpResponse<String> response = tokenize("4242 4242 4242 4242", "12/99", "123", "Ada Lovelace");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode card = json(response);
        assertThat(card.get("token").asString()).startsWith("card_");
        assertThat(card.get("brand").asString()).isEqualTo("VISA");
        assertThat(card.get("last4").asString()).isEqualTo("4242");
        assertThat(card.get("expiry").asString()).isEqualTo("12/99");
    }

    @Test
    void invalidCardDetailsAreRefusedFieldByFieldAndNothingIsStored() {
        long before = count("card_token");

        HttpResponse<String> response = tokenize("4242 4242 4242 4241", "01/20", "12", " ");

        assertProblem(response, 400, "invalid-card");
        JsonNode errors = json(response).get("errors");
        assertThat(errors.propertyNames()).containsExactlyInAnyOrder("number", "expiry", "cvc", "holder");
        assertThat(errors.get("expiry").asString()).isEqualTo("the card has expired");
        assertThat(response.body()).doesNotContain("4241");
        assertThat(count("card_token")).isEqualTo(before);
    }

    @Test
    void cardNumberOfWrongLengthIsRefused() {
        HttpResponse<String> response = tokenize("4242 4242 420", "12/99", "123", "Ada Lovelace");

        assertProblem(response, 400, "invalid-card");
        assertThat(json(response).get("errors").get("number").asString()).isEqualTo("must have 12 to 19 digits");
    }

    @Test
    void malformedBodyIsRefusedWithoutRepeatingIt() {
        HttpResponse<String> response = post("/api/cards", "{\"number\":\"" + VISA + "\",\"expiry\":", null);

        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain(VISA);
    }

    @Test
    void testCardsArePublicAndSayTheirOutcome() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/test-cards")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> outcomes = new HashMap<>();
        json(response).forEach(card -> outcomes.put(card.get("number").asString(), card.get("outcome").asString()
                + (card.has("declineReason") ? ":" + card.get("declineReason").asString() : "")));
        assertThat(outcomes).containsEntry(VISA, "AUTHORIZED")
                .containsEntry(DECLINED, "DECLINED:CARD_DECLINED")
                .containsEntry(NO_FUNDS, "DECLINED:INSUFFICIENT_FUNDS");
    }

    // --- card payments ---

    @Test
    void authorizedCardPaymentEmitsRequestReceivedThenAuthorized() {
        String session = UUID.randomUUID().toString();
        String token = token(VISA);

        HttpResponse<String> created = createPayment(UUID.randomUUID().toString(), card(token, "90.00", session));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode payment = json(created);
        String id = payment.get("id").asString();
        assertThat(id).startsWith("pay_");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/payments/" + id);
        assertThat(payment.get("status").asString()).isEqualTo("PENDING");
        assertThat(payment.get("method").asString()).isEqualTo("CARD");
        assertThat(payment.get("amount").decimalValue()).isEqualByComparingTo("90.00");
        assertThat(payment.get("currency").asString()).isEqualTo("EUR");
        assertThat(payment.get("reference").asString()).isEqualTo("reservation-" + session);
        assertThat(payment.get("card").get("brand").asString()).isEqualTo("VISA");
        assertThat(payment.get("card").get("last4").asString()).isEqualTo("4242");
        assertThat(payment.get("moneyTransfer").isNull()).isTrue();
        assertThat(payment.get("declineReason").isNull()).isTrue();

        CloudEvent authorized = awaitEvent(session, EventTypes.PAYMENTS_AUTHORIZED);
        assertThat(types(session)).containsExactly(EventTypes.PAYMENTS_REQUEST_RECEIVED, EventTypes.PAYMENTS_AUTHORIZED);
        JsonNode received = SaleEvents.json(SINK.events(EventTypes.PAYMENTS_REQUEST_RECEIVED).stream()
                .filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null))).findFirst().orElseThrow());
        assertThat(received.get("paymentId").asString()).isEqualTo(id);
        assertThat(received.get("method").asString()).isEqualTo("CARD");
        assertThat(received.get("reference").asString()).isEqualTo("reservation-" + session);
        JsonNode data = SaleEvents.json(authorized);
        assertThat(data.get("paymentId").asString()).isEqualTo(id);
        assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("90.00");
        assertThat(data.get("authorizationCode").asString()).hasSize(6);
        assertThat(authorized.getSource()).hasToString("urn:concertsale:payments-service");

        JsonNode read = json(get("/api/payments/" + id));
        assertThat(read.get("status").asString()).isEqualTo("AUTHORIZED");
        assertThat(read.get("authorizationCode").asString()).isEqualTo(data.get("authorizationCode").asString());
    }

    @Test
    void declinedCardsEmitDeclinedWithTheirReason() {
        String declinedSession = UUID.randomUUID().toString();
        String noFundsSession = UUID.randomUUID().toString();
        String declinedId = id(createPayment(UUID.randomUUID().toString(), card(token(DECLINED), "10", declinedSession)));
        createPayment(UUID.randomUUID().toString(), card(token(NO_FUNDS), "10", noFundsSession));

        JsonNode declined = SaleEvents.json(awaitEvent(declinedSession, EventTypes.PAYMENTS_DECLINED));
        JsonNode noFunds = SaleEvents.json(awaitEvent(noFundsSession, EventTypes.PAYMENTS_DECLINED));

        assertThat(declined.get("reason").asString()).isEqualTo("CARD_DECLINED");
        assertThat(declined.get("paymentId").asString()).isEqualTo(declinedId);
        assertThat(noFunds.get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(types(declinedSession)).containsExactly(EventTypes.PAYMENTS_REQUEST_RECEIVED,
                EventTypes.PAYMENTS_DECLINED);
        JsonNode read = json(get("/api/payments/" + declinedId));
        assertThat(read.get("status").asString()).isEqualTo("DECLINED");
        assertThat(read.get("declineReason").asString()).isEqualTo("CARD_DECLINED");
    }

    @Test
    void cardNumberNeverAppearsInTheDatabaseResponsesEventsOrLogs(CapturedOutput output) {
        String session = UUID.randomUUID().toString();
        HttpResponse<String> tokenized = tokenize("4242-4242-4242-4242", "12/99", "123", "Ada Lovelace");
        HttpResponse<String> created = createPayment(UUID.randomUUID().toString(),
                card(json(tokenized).get("token").asString(), "42.00", session));
        awaitEvent(session, EventTypes.PAYMENTS_AUTHORIZED);
        HttpResponse<String> read = get("/api/payments/" + id(created));

        assertThat(List.of(tokenized.body(), created.body(), read.body())).allSatisfy(body ->
                assertThat(body).doesNotContain(VISA).doesNotContain("4242-4242-4242-4242"));
        assertThat(databaseText()).isNotEmpty().allSatisfy(value -> assertThat(value).doesNotContain(VISA));
        assertThat(SINK.events()).isNotEmpty().allSatisfy(event ->
                assertThat(new String(event.getData().toBytes())).doesNotContain(VISA));
        assertThat(output.getAll()).contains("Tokenized a VISA card ending in 4242").doesNotContain(VISA)
                .doesNotContain("4242-4242-4242-4242");
    }

    // --- idempotency ---

    @Test
    void repeatedIdempotencyKeyAnswersTheSamePaymentWithoutASecondEffect() {
        String session = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String body = card(token(VISA), "30", session);

        HttpResponse<String> first = createPayment(key, body);
        HttpResponse<String> second = createPayment(key, body);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(id(second)).isEqualTo(id(first));
        assertThat(paymentsWithKey(key)).isEqualTo(1);
        awaitOutboxDrained();
        assertThat(events(session, EventTypes.PAYMENTS_REQUEST_RECEIVED)).hasSize(1);
    }

    @Test
    void concurrentDuplicatesCreateOnePaymentAndOneEvent() throws Exception {
        String session = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String body = card(token(VISA), "30", session);
        int requests = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return createPayment(key, body);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
                ids.add(id(answer.get()));
            }

            assertThat(statuses).containsOnly(201, 200).containsOnlyOnce(201);
            assertThat(ids).containsOnly(ids.getFirst());
        }
        assertThat(paymentsWithKey(key)).isEqualTo(1);
        awaitOutboxDrained();
        assertThat(events(session, EventTypes.PAYMENTS_REQUEST_RECEIVED)).hasSize(1);
    }

    @Test
    void idempotencyKeyReusedForADifferentRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        String session = UUID.randomUUID().toString();
        String token = token(VISA);
        String first = id(createPayment(key, card(token, "30", session)));

        HttpResponse<String> response = createPayment(key, card(token, "31", session));

        assertProblem(response, 422, "idempotency-key-reused");
        assertThat(paymentsWithKey(key)).isEqualTo(1);
        assertThat(json(get("/api/payments/" + first)).get("amount").decimalValue()).isEqualByComparingTo("30");
    }

    @Test
    void cardTokenPaysOnePaymentOnlyAndASecondPaymentWithItIsRefusedAndCreatesNothing() {
        String session = UUID.randomUUID().toString();
        String token = token(VISA);
        String key = UUID.randomUUID().toString();
        String first = id(createPayment(key, card(token, "30", session)));
        long payments = count("payment");

        HttpResponse<String> again = createPayment(UUID.randomUUID().toString(), card(token, "30", session));
        HttpResponse<String> elsewhere = createPayment(UUID.randomUUID().toString(),
                card(token, "30", UUID.randomUUID().toString()));

        assertProblem(again, 409, "card-token-used");
        assertProblem(elsewhere, 409, "card-token-used");
        assertThat(count("payment")).isEqualTo(payments);
        assertThat(createPayment(key, card(token, "30", session)).statusCode()).as("the first payment's retry")
                .isEqualTo(200);
        awaitEvent(session, EventTypes.PAYMENTS_AUTHORIZED);
        awaitOutboxDrained();
        assertThat(events(session, EventTypes.PAYMENTS_REQUEST_RECEIVED)).hasSize(1);
        assertThat(json(get("/api/payments/" + first)).get("status").asString()).isEqualTo("AUTHORIZED");
    }

    @Test
    void cardTokenMadeForOnePaymentCannotPayAnother() {
        String session = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        HttpResponse<String> tokenized = post("/api/cards", """
                {"number":"%s","expiry":"12/99","cvc":"123","holder":"Ada Lovelace","reference":"reservation-%s"}"""
                .formatted(VISA, session), null);
        assertThat(tokenized.statusCode()).isEqualTo(201);
        String token = json(tokenized).get("token").asString();
        long payments = count("payment");

        HttpResponse<String> refused = createPayment(UUID.randomUUID().toString(), card(token, "30", other));

        assertProblem(refused, 409, "card-token-other-payment");
        assertThat(json(refused).get("detail").asString()).contains("reservation-" + other).doesNotContain(VISA);
        assertThat(count("payment")).isEqualTo(payments);
        awaitOutboxDrained();
        assertThat(events(other, EventTypes.PAYMENTS_REQUEST_RECEIVED)).isEmpty();
        assertThat(createPayment(UUID.randomUUID().toString(), card(token, "30", session)).statusCode())
                .as("the payment it was made for").isEqualTo(201);
    }

    @Test
    void missingIdempotencyKeyIsRefused() {
        HttpResponse<String> response = post("/api/payments", card(token(VISA), "30", "s"), "Bearer " + API_KEY);

        assertProblem(response, 400, "missing-idempotency-key");
    }

    // --- bad requests and authentication ---

    @Test
    void invalidPaymentRequestsAreRefusedAndCreateNothing() {
        long before = count("payment");
        String token = token(VISA);

        assertInvalid(createPayment(UUID.randomUUID().toString(), card("card_unknown", "10", "s")), "cardToken");
        assertInvalid(createPayment(UUID.randomUUID().toString(), card(token, "0", "s")), "amount");
        assertInvalid(createPayment(UUID.randomUUID().toString(), card(token, "-5", "s")), "amount");
        assertInvalid(createPayment(UUID.randomUUID().toString(), """
                {"method":"CARD","cardToken":"%s","amount":10,"currency":"eur","reference":"r","correlationKey":"s"}"""
                .formatted(token)), "currency");
        assertInvalid(createPayment(UUID.randomUUID().toString(), """
                {"method":"MONEY_TRANSFER","amount":10,"currency":"EUR","correlationKey":"s"}"""), "reference");
        assertInvalid(createPayment(UUID.randomUUID().toString(), """
                {"method":"MONEY_TRANSFER","amount":10,"currency":"EUR","reference":"r"}"""), "correlationKey");
        assertInvalid(createPayment(UUID.randomUUID().toString(), """
                {"method":"BITCOIN","amount":10,"currency":"EUR","reference":"r","correlationKey":"s"}"""), "method");
        assertThat(count("payment")).isEqualTo(before);
    }

    @Test
    void merchantEndpointsNeedTheApiKey() {
        long before = count("payment");
        String body = transfer("10", UUID.randomUUID().toString());

        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/api/payments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/api/payments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-2")
                .header("Authorization", "Bearer not-the-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/payments/pay_x")).GET());
        HttpResponse<String> summary = send(HttpRequest.newBuilder(uri("/api/payments/summary")).GET());

        assertProblem(missing, 401, "unauthorized");
        assertProblem(wrong, 401, "unauthorized");
        assertProblem(read, 401, "unauthorized");
        assertProblem(summary, 401, "unauthorized");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(count("payment")).isEqualTo(before);
    }

    @Test
    void unknownPaymentIsNotFound() {
        assertProblem(get("/api/payments/pay_missing"), 404, "payment-not-found");
        assertProblem(post("/api/payments/pay_missing/cancel", "", "Bearer " + API_KEY), 404, "payment-not-found");
    }

    // --- money transfers ---

    @Test
    void moneyTransferGivesInstructionsAndIsAcceptedOnceWhenTheTransferArrives() {
        String session = UUID.randomUUID().toString();

        HttpResponse<String> created = createPayment(UUID.randomUUID().toString(), transfer("1200.50", session));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode payment = json(created);
        String id = payment.get("id").asString();
        assertThat(payment.get("status").asString()).isEqualTo("PENDING");
        assertThat(payment.get("card").isNull()).isTrue();
        JsonNode instructions = payment.get("moneyTransfer");
        assertThat(instructions.get("transferId").asString()).isEqualTo(id);
        assertThat(instructions.get("beneficiary").asString()).isEqualTo("Concert Sale Ltd");
        assertThat(instructions.get("iban").asString()).isNotBlank();
        assertThat(instructions.get("bic").asString()).isNotBlank();
        assertThat(instructions.get("reference").asString()).matches("PAY-[2-9A-Z]{4}-[2-9A-Z]{4}");
        assertThat(instructions.get("amount").decimalValue()).isEqualByComparingTo("1200.50");
        assertThat(instructions.get("currency").asString()).isEqualTo("EUR");
        assertThat(Instant.parse(instructions.get("dueBy").asString()))
                .isAfter(Instant.parse(payment.get("createdAt").asString()));

        HttpResponse<String> arrived = post("/api/payments/" + id + "/transfer-received", "", "Bearer " + API_KEY);
        HttpResponse<String> again = post("/api/payments/" + id + "/transfer-received", "", "Bearer " + API_KEY);
        processor.processDue(Instant.now().plus(Duration.ofHours(1)));

        assertThat(arrived.statusCode()).isEqualTo(200);
        assertThat(json(arrived).get("status").asString()).isEqualTo("AUTHORIZED");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("AUTHORIZED");
        awaitOutboxDrained();
        assertThat(types(session)).containsExactly(EventTypes.PAYMENTS_REQUEST_RECEIVED,
                EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED);
        JsonNode accepted = SaleEvents.json(events(session, EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED).getFirst());
        assertThat(accepted.get("transferId").asString()).isEqualTo(id);
        assertThat(accepted.get("reference").asString()).isEqualTo("reservation-" + session);
        assertThat(accepted.get("amount").decimalValue()).isEqualByComparingTo("1200.50");
    }

    @Test
    void pendingMoneyTransferIsAcceptedAutomatically() {
        String session = UUID.randomUUID().toString();
        String id = id(createPayment(UUID.randomUUID().toString(), transfer("99.99", session)));

        CloudEvent accepted = awaitEvent(session, EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED);

        assertThat(SaleEvents.json(accepted).get("transferId").asString()).isEqualTo(id);
        assertThat(json(get("/api/payments/" + id)).get("status").asString()).isEqualTo("AUTHORIZED");
    }

    @Test
    void transferReceivedForACardPaymentIsAConflict() {
        String id = id(createPayment(UUID.randomUUID().toString(), card(token(VISA), "10", UUID.randomUUID().toString())));

        assertProblem(post("/api/payments/" + id + "/transfer-received", "", "Bearer " + API_KEY), 409,
                "payment-state-conflict");
    }

    // --- cancellation ---

    @Test
    void cancelledPaymentStaysCancelledAndCancellingAgainIsFine() {
        String session = UUID.randomUUID().toString();
        String id = id(createPayment(UUID.randomUUID().toString(), transfer("10", session)));

        HttpResponse<String> cancelled = post("/api/payments/" + id + "/cancel", "", "Bearer " + API_KEY);
        HttpResponse<String> again = post("/api/payments/" + id + "/cancel", "", "Bearer " + API_KEY);
        HttpResponse<String> arrived = post("/api/payments/" + id + "/transfer-received", "", "Bearer " + API_KEY);
        processor.processDue(Instant.now().plus(Duration.ofHours(1)));

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("CANCELLED");
        assertProblem(arrived, 409, "payment-state-conflict");
        assertThat(json(get("/api/payments/" + id)).get("status").asString()).isEqualTo("CANCELLED");
        awaitOutboxDrained();
        assertThat(types(session)).containsExactly(EventTypes.PAYMENTS_REQUEST_RECEIVED);
    }

    @Test
    void cancelledCardPaymentIsNeverAuthorizedAfterwards() {
        String id = id(createPayment(UUID.randomUUID().toString(), card(token(VISA), "10", UUID.randomUUID().toString())));

        HttpResponse<String> cancelled = post("/api/payments/" + id + "/cancel", "", "Bearer " + API_KEY);

        // whether the processor authorized it just before the cancel (a void) or not, it must stay cancelled
        assertThat(json(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(store.authorize(id, "ABC123", Instant.now())).isFalse();
        processor.processDue(Instant.now().plus(Duration.ofHours(1)));
        assertThat(json(get("/api/payments/" + id)).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void declinedPaymentCannotBeCancelled() {
        String session = UUID.randomUUID().toString();
        String id = id(createPayment(UUID.randomUUID().toString(), card(token(DECLINED), "10", session)));
        awaitEvent(session, EventTypes.PAYMENTS_DECLINED);

        assertProblem(post("/api/payments/" + id + "/cancel", "", "Bearer " + API_KEY), 409, "payment-state-conflict");
        assertThat(json(get("/api/payments/" + id)).get("status").asString()).isEqualTo("DECLINED");
    }

    // --- summary ---

    @Test
    void summaryCountsThePaymentsCreatedSinceAnInstantByStatusAndSumsTheirAmountsPerCurrency() {
        Instant from = nextMillisecond();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String inDollars = UUID.randomUUID().toString();
        String declined = UUID.randomUUID().toString();
        createPayment(UUID.randomUUID().toString(), card(token(VISA), "30.00", first));
        createPayment(UUID.randomUUID().toString(), card(token(VISA), "15.50", second));
        createPayment(UUID.randomUUID().toString(), card(token(VISA), "20", inDollars).replace("EUR", "USD"));
        createPayment(UUID.randomUUID().toString(), card(token(DECLINED), "10", declined));
        String cancelled = id(createPayment(UUID.randomUUID().toString(), transfer("99.99", UUID.randomUUID().toString())));
        post("/api/payments/" + cancelled + "/cancel", "", "Bearer " + API_KEY);
        List.of(first, second, inDollars).forEach(session -> awaitEvent(session, EventTypes.PAYMENTS_AUTHORIZED));
        awaitEvent(declined, EventTypes.PAYMENTS_DECLINED);

        HttpResponse<String> response = get("/api/payments/summary?createdFrom=" + from);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = json(response);
        assertThat(Instant.parse(summary.get("createdFrom").asString())).isEqualTo(from);
        JsonNode byStatus = summary.get("byStatus");
        assertThat(byStatus.propertyNames()).containsExactly("PENDING", "AUTHORIZED", "DECLINED", "CANCELLED");
        assertThat(byStatus.get("PENDING").get("count").asLong()).isZero();
        assertThat(byStatus.get("PENDING").get("amounts").isEmpty()).isTrue();
        assertThat(byStatus.get("AUTHORIZED").get("count").asLong()).isEqualTo(3);
        assertThat(byStatus.get("AUTHORIZED").get("amounts").get("EUR").decimalValue()).isEqualByComparingTo("45.50");
        assertThat(byStatus.get("AUTHORIZED").get("amounts").get("USD").decimalValue()).isEqualByComparingTo("20");
        assertThat(byStatus.get("DECLINED").get("count").asLong()).isEqualTo(1);
        assertThat(byStatus.get("DECLINED").get("amounts").get("EUR").decimalValue()).isEqualByComparingTo("10");
        assertThat(byStatus.get("CANCELLED").get("count").asLong()).isEqualTo(1);
        assertThat(byStatus.get("CANCELLED").get("amounts").get("EUR").decimalValue()).isEqualByComparingTo("99.99");
    }

    @Test
    void summaryWithoutALowerBoundCountsEveryPayment() {
        Instant from = nextMillisecond();
        createPayment(UUID.randomUUID().toString(), transfer("12", UUID.randomUUID().toString()));
        long since = total(json(get("/api/payments/summary?createdFrom=" + from)));
        long stored = count("payment");

        JsonNode summary = json(get("/api/payments/summary"));

        assertThat(summary.has("createdFrom")).isFalse();
        assertThat(since).isEqualTo(1);
        assertThat(total(summary)).isEqualTo(stored).isGreaterThan(since);
    }

    @Test
    void summaryRefusesALowerBoundThatIsNotAnInstant() {
        HttpResponse<String> response = get("/api/payments/summary?createdFrom=yesterday");

        assertProblem(response, 400, "invalid-request");
        assertThat(json(response).get("errors").propertyNames()).containsExactly("createdFrom");
    }

    // --- helpers ---

    private static long total(JsonNode summary) {
        long total = 0;
        for (JsonNode totals : summary.get("byStatus")) {
            total += totals.get("count").asLong();
        }
        return total;
    }

    /** The next millisecond (the precision of payment times), once the clock passed it: later payments only. */
    private static Instant nextMillisecond() {
        Instant next = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        while (Instant.now().isBefore(next)) {
            Thread.onSpinWait();
        }
        return next;
    }

    private static String card(String token, String amount, String session) {
        return """
                {"method":"CARD","cardToken":"%s","amount":%s,"currency":"EUR","reference":"reservation-%s",
                 "correlationKey":"%s","description":"2 x Standing"}""".formatted(token, amount, session, session);
    }

    private static String transfer(String amount, String session) {
        return """
                {"method":"MONEY_TRANSFER","amount":%s,"currency":"EUR","reference":"reservation-%s",
                 "correlationKey":"%s"}""".formatted(amount, session, session);
    }

    private HttpResponse<String> tokenize(String number, String expiry, String cvc, String holder) {
        return post("/api/cards", """
                {"number":"%s","expiry":"%s","cvc":"%s","holder":"%s"}""".formatted(number, expiry, cvc, holder), null);
    }

    private String token(String number) {
        HttpResponse<String> response = tokenize(number, "12/99", "123", "Ada Lovelace");
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).get("token").asString();
    }

    private HttpResponse<String> createPayment(String idempotencyKey, String body) {
        return send(HttpRequest.newBuilder(uri("/api/payments"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).GET());
    }

    private HttpResponse<String> post(String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String id(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return json(response).get("id").asString();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:concertsale:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid-payment");
        assertThat(json(response).get("errors").propertyNames()).containsExactly(field);
    }

    private static CloudEvent awaitEvent(String session, String type) {
        return SINK.await(event -> type.equals(event.getType())
                && session.equals(SaleEvents.correlationKey(event).orElse(null)), WAIT);
    }

    private static List<CloudEvent> events(String session, String type) {
        return SINK.events(type).stream()
                .filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null))).toList();
    }

    private static List<String> types(String session) {
        return SINK.events().stream().filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null)))
                .map(CloudEvent::getType).toList();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private long paymentsWithKey(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE idempotency_key = :key").param("key", key)
                .query(Long.class).single();
    }

    /** Waits until every event the service committed has reached the sink. */
    private void awaitOutboxDrained() {
        Instant deadline = Instant.now().plus(WAIT);
        while (count("outbox_event") > 0) {
            assertThat(Instant.now()).as("outbox drained in time").isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every value in every table of the service's schema, as text. */
    private List<String> databaseText() {
        List<String> tables = jdbc.sql("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = CURRENT_SCHEMA AND table_type = 'BASE TABLE'""")
                .query(String.class).list();
        assertThat(tables).contains("payment", "card_token", "outbox_event");
        List<String> values = new ArrayList<>();
        for (String table : tables) {
            jdbc.sql("SELECT * FROM " + table).query().listOfRows().forEach(row -> row.values().forEach(value -> {
                if (value != null) {
                    values.add(value.toString());
                }
            }));
        }
        return values;
    }
}
