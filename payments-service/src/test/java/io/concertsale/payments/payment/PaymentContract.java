package io.concertsale.payments.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.payments.PaymentsContractBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

/**
 * Payments: card payments and their events, idempotency, card tokens used once, money transfers, cancellations,
 * the merchant's API key and the summary.
 */
abstract class PaymentContract extends PaymentsContractBase {

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
        awaitOutboxDrained();
        // each type is its own lane in the relay: across types the order of delivery is not kept
        assertThat(types(session)).containsExactlyInAnyOrder(EventTypes.PAYMENTS_REQUEST_RECEIVED,
                EventTypes.PAYMENTS_AUTHORIZED);
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
        awaitOutboxDrained();
        assertThat(types(declinedSession)).containsExactlyInAnyOrder(EventTypes.PAYMENTS_REQUEST_RECEIVED,
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
        assertThat(types(session)).containsExactlyInAnyOrder(EventTypes.PAYMENTS_REQUEST_RECEIVED,
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
}
