package io.concertsale.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventJson;
import io.concertsale.events.EventTypes;
import io.concertsale.events.Participants;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.PaymentsMoneyTransferAccepted;
import io.concertsale.events.data.PaymentsRequestReceived;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.SessionCleanUp;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentDeclined;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationExpired;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReservationTimedOut;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestIdentity;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.tickets.payment.PaymentConfirmations;
import io.concertsale.tickets.payment.PaymentPoller;
import io.concertsale.tickets.reservation.ExpirySweeper;
import io.concertsale.tickets.test.MutableClock;
import io.concertsale.tickets.test.PaymentProviderStub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The tickets service's behaviour, end to end over real HTTP: CloudEvents in at {@code /events}, the outbox out to a
 * recording broker, the payment provider a real local HTTP server. Run on each database.
 */
@DirtiesContext
abstract class TicketsServiceContract {

    static final RecordingSink SINK = new RecordingSink();
    static final PaymentProviderStub PROVIDER = new PaymentProviderStub();
    static final String SECRET = "a-test-admission-secret-that-is-long-enough";
    static final AdmissionTokens TOKENS = new AdmissionTokens(SECRET.getBytes(StandardCharsets.UTF_8));
    static final String API_KEY = "merchant-test-key";
    static final SaleEvents GATEWAY = new SaleEvents(URI.create("urn:concertsale:frontend-gateway"));
    static final SaleEvents PAYMENTS = new SaleEvents(URI.create("urn:concertsale:payments-service"));
    static final SaleEvents ROUTER = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router"));
    static final Duration WAIT = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final String STANDING = "STANDING";
    static final String VIP = "VIP";
    static final BigDecimal STANDING_PRICE = new BigDecimal("49.90");
    static final BigDecimal VIP_PRICE = new BigDecimal("120.00");
    static final int HOLD_SECONDS = 300;
    static final int MAX_PER_CUSTOMER = 4;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    ExpirySweeper sweeper;

    @Autowired
    PaymentPoller poller;

    @Autowired
    EventSubscriptions subscriptions;

    @Autowired
    OutboxRelay relay;

    @Autowired
    MeterRegistry meters;

    /** The sale the test runs in: every test opens a fresh one, which clears the previous test's state. */
    String saleId;

    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
        registry.add("sale.admission.token-secret", () -> SECRET);
        registry.add("tickets.payments.base-url", () -> PROVIDER.uri().toString());
        registry.add("tickets.payments.api-key", () -> API_KEY);
    }

    @BeforeEach
    void openStandardSale() {
        SINK.clear();
        PROVIDER.failNext(0);
        PROVIDER.failNextCancellations(0);
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50),
                new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 10)));
    }

    // --- sale setup and inventory -----------------------------------------------------------------------------

    @Test
    void consumesExactlyTheEventsTheCatalogNamesForTheTicketsService() {
        assertThat(subscriptions.types())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.consumedBy(Participants.TICKETS))
                .contains(EventTypes.SALE_OPENED, EventTypes.TICKETS_REQUESTED, EventTypes.TICKETS_PAYMENT_REQUESTED,
                        EventTypes.PAYMENTS_REQUEST_RECEIVED, EventTypes.PAYMENTS_AUTHORIZED,
                        EventTypes.PAYMENTS_DECLINED, EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED,
                        EventTypes.QUEUE_CUSTOMER_ABANDONED, EventTypes.TICKETS_RESERVATION_TIMED_OUT,
                        EventTypes.SESSION_CLEAN_UP);
    }

    @Test
    void openedSaleOffersItsTicketTypesWithEveryTicketAvailable() {
        JsonNode types = getJson("/api/ticket-types");

        assertThat(types).hasSize(2);
        assertThat(types.get(0).path("type").asString()).isEqualTo(STANDING);
        assertThat(types.get(0).path("name").asString()).isEqualTo("Standing");
        assertThat(types.get(0).path("price").decimalValue()).isEqualByComparingTo(STANDING_PRICE);
        assertThat(types.get(0).path("total").asInt()).isEqualTo(50);
        assertThat(types.get(0).path("available").asInt()).isEqualTo(50);
        assertThat(types.get(1).path("type").asString()).isEqualTo(VIP);
        assertThat(types.get(1).path("available").asInt()).isEqualTo(10);
    }

    @Test
    void inventorySnapshotsFollowEveryChangeCoalescedAndOnlyWhenSomethingChanged() {
        reserve(session(), STANDING, 2);
        reserve(session(), VIP, 1);

        CloudEvent latest = SINK.await(event -> snapshotOfThisSale(event)
                && availability(event, STANDING).available() == 48 && availability(event, VIP).available() == 9, WAIT);
        assertThat(availability(latest, STANDING)).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new TicketAvailability(STANDING, "Standing", STANDING_PRICE, 50, 48, 2, 0));
        assertThat(SaleEvents.data(latest, TicketsAvailabilityChanged.class).currency()).isEqualTo("EUR");
        List<List<TicketAvailability>> snapshots = SINK.events(EventTypes.TICKETS_AVAILABILITY_CHANGED).stream()
                .filter(this::snapshotOfThisSale)
                .map(event -> SaleEvents.data(event, TicketsAvailabilityChanged.class).ticketTypes()).toList();
        for (int i = 1; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).isNotEqualTo(snapshots.get(i - 1));
        }
        JsonNode served = getJson("/api/ticket-types");
        assertThat(served.get(0).path("available").asInt()).isEqualTo(48);
        assertThat(served.get(0).path("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void saleOpenedAgainForTheOpenSaleChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, List.of(
                new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)), clock.instant())));

        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));
    }

    @Test
    void newSaleReplacesThePreviousOneAndClearsItsReservations() {
        TicketsReserved reserved = reserve(session(), STANDING, 2);
        String previous = saleId;

        open(List.of(new TicketTypeSpec("SEATED", "Seated", new BigDecimal("75.00"), 100)));

        assertThat(saleId).isNotEqualTo(previous);
        assertThat(get("/api/reservations/" + reserved.reservationId()).statusCode()).isEqualTo(404);
        JsonNode types = getJson("/api/ticket-types");
        assertThat(types).hasSize(1);
        assertThat(types.get(0).path("type").asString()).isEqualTo("SEATED");
        assertThat(types.get(0).path("available").asInt()).isEqualTo(100);
    }

    @Test
    void saleAnnouncedLaterThanANewerOneIsIgnored() {
        String current = saleId;

        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-older", List.of(
                new TicketTypeSpec("OLD", "Old", BigDecimal.TEN, 5)), clock.instant().minus(Duration.ofHours(1)))));

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(current);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    // --- reserving ----------------------------------------------------------------------------------------------

    @Test
    void reservationHoldsTheTicketsAtTheSalesPriceForTheHoldTime() {
        String session = session();
        Instant before = clock.instant();

        TicketsReserved reserved = reserve(session, STANDING, 3);

        assertThat(reserved.sessionId()).isEqualTo(session);
        assertThat(reserved.ticketType()).isEqualTo(STANDING);
        assertThat(reserved.quantity()).isEqualTo(3);
        assertThat(reserved.unitPrice()).isEqualByComparingTo(STANDING_PRICE);
        assertThat(reserved.amount()).isEqualByComparingTo("149.70");
        assertThat(reserved.currency()).isEqualTo("EUR");
        assertThat(reserved.expiresAt()).isBetween(before.truncatedTo(ChronoUnit.MILLIS).plusSeconds(HOLD_SECONDS),
                clock.instant().plusSeconds(HOLD_SECONDS));
        assertThat(counts(STANDING)).isEqualTo(new Counts(47, 3, 0));
        JsonNode view = getJson("/api/reservations/" + reserved.reservationId());
        assertThat(view.path("status").asString()).isEqualTo("HELD");
        assertThat(view.path("sessionId").asString()).isEqualTo(session);
        assertThat(view.path("amount").decimalValue()).isEqualByComparingTo("149.70");
    }

    @Test
    void concurrentRequestsNeverSellMoreTicketsThanThereAre() throws Exception {
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)));
        List<String> sessions = IntStream.range(0, 40).mapToObj(i -> session()).toList();
        List<CloudEvent> requests = sessions.stream().map(session -> requested(session, STANDING, 2)).toList();

        List<Integer> statuses = concurrently(requests.stream()
                .<Callable<Integer>>map(request -> () -> post(request).statusCode()).toList());

        assertThat(statuses).hasSize(40).containsOnly(202);
        List<CloudEvent> answers = sessions.stream().map(session -> SINK.await(event -> session.equals(key(event))
                && (event.getType().equals(EventTypes.TICKETS_RESERVED)
                        || event.getType().equals(EventTypes.TICKETS_RESERVATION_REJECTED)), WAIT)).toList();
        assertThat(answers).filteredOn(event -> event.getType().equals(EventTypes.TICKETS_RESERVED)).hasSize(25);
        List<TicketsReservationRejected> rejections = answers.stream()
                .filter(event -> event.getType().equals(EventTypes.TICKETS_RESERVATION_REJECTED))
                .map(event -> SaleEvents.data(event, TicketsReservationRejected.class)).toList();
        assertThat(rejections).hasSize(15).allSatisfy(rejection -> {
            assertThat(rejection.reason()).isEqualTo("SOLD_OUT");
            assertThat(rejection.retryable()).isFalse();
        });
        assertThat(counts(STANDING)).isEqualTo(new Counts(0, 50, 0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reservation WHERE sale_id = :sale AND status = 'HELD'")
                .param("sale", saleId).query(Long.class).single()).isEqualTo(25);
    }

    @Test
    void invalidAdmissionTokensAreRejectedAndHoldNothing() {
        Instant later = clock.instant().plus(Duration.ofMinutes(10));
        String valid = session();
        String[] issued = TOKENS.issue(valid, saleId, later).split("\\.");
        String tampered = issued[0] + "." + issued[1] + "." + (Long.parseLong(issued[2]) + 3600) + "." + issued[3];
        String foreignSecret = new AdmissionTokens("another-secret-that-is-also-long-enough".getBytes(
                StandardCharsets.UTF_8)).issue(valid, saleId, later);
        List<String> tokens = List.of(" ", "not-a-token", TOKENS.issue(session(), saleId, later),
                TOKENS.issue(valid, saleId, clock.instant().minusSeconds(1)), tampered, foreignSecret,
                TOKENS.issue(valid, "a-previous-sale", later));

        for (String token : tokens) {
            String session = valid;
            accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                    new TicketsRequested(session, STANDING, 2, token)));
        }

        List<CloudEvent> rejected = awaitEvents(EventTypes.TICKETS_RESERVATION_REJECTED, valid, tokens.size());
        assertThat(rejected).map(event -> SaleEvents.data(event, TicketsReservationRejected.class))
                .allSatisfy(rejection -> {
                    assertThat(rejection.reason()).isEqualTo("INVALID_TOKEN");
                    assertThat(rejection.retryable()).isFalse();
                    assertThat(rejection.available()).isEqualTo(50);
                });
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
    }

    @Test
    void requestWithoutAnyAdmissionTokenIsBadInput() {
        String session = session();
        CloudEvent event = CloudEventBuilder.v1(requested(session, STANDING, 1)).withData(SaleEvents.JSON,
                ("{\"sessionId\":\"" + session + "\",\"ticketType\":\"STANDING\",\"quantity\":1}").getBytes(
                        StandardCharsets.UTF_8)).build();

        HttpResponse<String> response = post(event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid-data").contains("admissionToken");
        assertThat(reservations()).isZero();
    }

    @Test
    void unknownTicketTypeAndTooManyTicketsAreRejectedButTheCustomerMayAskAgain() {
        String session = session();

        accept(requested(session, "BALCONY", 1));
        TicketsReservationRejected unknown = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        accept(requested(session, STANDING, MAX_PER_CUSTOMER + 1));
        TicketsReservationRejected overLimit = SaleEvents.data(
                awaitEvents(EventTypes.TICKETS_RESERVATION_REJECTED, session, 2).get(1),
                TicketsReservationRejected.class);
        TicketsReserved reserved = reserve(session, STANDING, MAX_PER_CUSTOMER);

        assertThat(unknown.reason()).isEqualTo("UNKNOWN_TICKET_TYPE");
        assertThat(unknown.retryable()).isTrue();
        assertThat(overLimit.reason()).isEqualTo("OVER_LIMIT");
        assertThat(overLimit.retryable()).isTrue();
        assertThat(overLimit.available()).isEqualTo(50);
        assertThat(reserved.quantity()).isEqualTo(MAX_PER_CUSTOMER);
    }

    @Test
    void askingForMoreThanIsLeftSaysWhatIsLeftAndSoldOutIsFinalOnlyWhenEverythingIsGone() {
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 3),
                new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 1)));
        reserve(session(), STANDING, 2);

        TicketsReservationRejected notEnough = rejectedFor(STANDING, 2);
        reserve(session(), STANDING, 1);
        TicketsReservationRejected standingSoldOut = rejectedFor(STANDING, 1);
        reserve(session(), VIP, 1);
        TicketsReservationRejected allSoldOut = rejectedFor(VIP, 1);

        assertThat(notEnough.reason()).isEqualTo("NOT_ENOUGH_AVAILABLE");
        assertThat(notEnough.retryable()).isTrue();
        assertThat(notEnough.available()).isEqualTo(1);
        assertThat(standingSoldOut.reason()).isEqualTo("SOLD_OUT");
        assertThat(standingSoldOut.retryable()).as("VIP tickets are left").isTrue();
        assertThat(allSoldOut.reason()).isEqualTo("SOLD_OUT");
        assertThat(allSoldOut.retryable()).isFalse();
        assertThat(counts(STANDING)).isEqualTo(new Counts(0, 3, 0));
    }

    @Test
    void requestWhileNoSaleIsOpenIsRejectedForGood() {
        jdbc.sql("DELETE FROM sale").update();
        String session = session();

        accept(requested(session, STANDING, 1));

        TicketsReservationRejected rejected = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(rejected.reason()).isEqualTo("SALE_CLOSED");
        assertThat(rejected.retryable()).isFalse();
        assertThat(getJson("/api/ticket-types")).isEmpty();
    }

    @Test
    void redeliveredRequestHoldsTicketsOnce() {
        String session = session();
        CloudEvent request = requested(session, STANDING, 2);

        assertThat(post(request).headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(post(request).headers().firstValue("X-Event-Outcome")).hasValue("DUPLICATE");

        awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    @Test
    void repeatedRequestUnderAnotherIdIsAnsweredWithTheReservationTheSessionHas() {
        String session = session();
        TicketsReserved first = reserve(session, STANDING, 2);

        accept(requested(session, VIP, 1));

        TicketsReserved again = SaleEvents.data(awaitEvents(EventTypes.TICKETS_RESERVED, session, 2).get(1),
                TicketsReserved.class);
        assertThat(again).isEqualTo(first);
        assertThat(events(EventTypes.TICKETS_RESERVATION_REJECTED, session)).isEmpty();
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));
        assertThat(reservations()).isEqualTo(1);
    }

    // --- paying -------------------------------------------------------------------------------------------------

    @Test
    void paidReservationGetsItsTicketsIssuedOnceHoweverOftenTheAuthorizationArrives() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent checkout = paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa");

        accept(checkout);
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        accept(requestReceived(session, pending.paymentId(), reserved));
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));
        accept(authorized(session, pending.paymentId(), reserved));

        assertThat(pending.method()).isEqualTo(PaymentMethod.CARD);
        assertThat(pending.amount()).isEqualByComparingTo("99.80");
        assertThat(pending.moneyTransfer()).isNull();
        PaymentProviderStub.Recorded creation = PROVIDER.creations(reserved.reservationId()).getFirst();
        assertThat(creation.header("Authorization")).hasValue("Bearer " + API_KEY);
        assertThat(creation.header("Idempotency-Key")).hasValue(checkout.getId());
        assertThat(creation.json().path("method").asString()).isEqualTo("CARD");
        assertThat(creation.json().path("cardToken").asString()).isEqualTo("tok_visa");
        assertThat(creation.json().path("amount").decimalValue()).isEqualByComparingTo("99.80");
        assertThat(creation.json().path("currency").asString()).isEqualTo("EUR");
        assertThat(creation.json().path("correlationKey").asString()).isEqualTo(session);
        assertThat(creation.json().path("description").asString()).isEqualTo("2 x Standing");
        TicketsPaymentAuthorized paid = awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session,
                TicketsPaymentAuthorized.class);
        assertThat(paid.paymentId()).isEqualTo(pending.paymentId());
        assertThat(paid.amount()).isEqualByComparingTo("99.80");
        TicketsIssued issued = awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class);
        assertThat(issued.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(issued.tickets()).hasSize(2).extracting(IssuedTicket::ticketType).containsOnly(STANDING);
        assertThat(issued.tickets()).extracting(IssuedTicket::code).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[A-HJ-NP-Z2-9]{12}"));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).hasSize(1);
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 0, 2));
        JsonNode view = getJson("/api/reservations/" + reserved.reservationId());
        assertThat(view.path("status").asString()).isEqualTo("ISSUED");
        assertThat(view.path("tickets")).hasSize(2);
        assertThat(view.path("payments").get(0).path("status").asString()).isEqualTo("AUTHORIZED");
        assertThat(view.path("payments").get(0).path("acknowledgedAt").isMissingNode()).isFalse();
    }

    @Test
    void declinedPaymentMayBeRetriedWithAnotherCardUntilItIsPaid() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_declined"));
        TicketsPaymentPending first = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        accept(PAYMENTS.journey(EventTypes.PAYMENTS_DECLINED, session,
                new PaymentsDeclined(first.paymentId(), reserved.reservationId(), "CARD_DECLINED")));

        TicketsPaymentDeclined declined = awaitData(EventTypes.TICKETS_PAYMENT_DECLINED, session,
                TicketsPaymentDeclined.class);
        assertThat(declined.paymentId()).isEqualTo(first.paymentId());
        assertThat(declined.reason()).isEqualTo("CARD_DECLINED");
        assertThat(declined.holdExpiresAt()).isEqualTo(reserved.expiresAt());
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending second = SaleEvents.data(
                awaitEvents(EventTypes.TICKETS_PAYMENT_PENDING, session, 2).get(1), TicketsPaymentPending.class);
        assertThat(second.paymentId()).isNotEqualTo(first.paymentId());
        PROVIDER.authorize(second.paymentId());
        accept(authorized(session, second.paymentId(), reserved));

        assertThat(awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session, TicketsPaymentAuthorized.class)
                .paymentId()).isEqualTo(second.paymentId());
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(49, 0, 1));
    }

    @Test
    void cardTheProviderRefusesIsDeclinedWithTheProvidersReasonAndTheHoldStays() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD,
                PaymentProviderStub.UNKNOWN_CARD));

        TicketsPaymentDeclined declined = awaitData(EventTypes.TICKETS_PAYMENT_DECLINED, session,
                TicketsPaymentDeclined.class);
        assertThat(declined.reason()).isEqualTo("No card with token " + PaymentProviderStub.UNKNOWN_CARD);
        assertThat(declined.paymentId()).isNull();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(payments(reserved.reservationId())).isZero();
    }

    @Test
    void providerOutageIsRetriedWithTheSameIdempotencyKeyUntilThePaymentIsCreated() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        CloudEvent checkout = paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa");
        PROVIDER.failNext(2);

        accept(checkout);

        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        assertThat(PROVIDER.creations(reserved.reservationId())).hasSize(3)
                .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).hasValue(checkout.getId()));
        assertThat(PROVIDER.paymentsFor(reserved.reservationId())).singleElement()
                .satisfies(payment -> assertThat(payment.id()).isEqualTo(pending.paymentId()));
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(payments(reserved.reservationId())).isEqualTo(1);
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).hasSize(1);
    }

    @Test
    void secondCheckoutWhileAPaymentIsUnderWayCreatesNoSecondPayment() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session, TicketsPaymentPending.class);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).hasSize(1);
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).hasSize(1);
    }

    @Test
    void checkoutForAnotherSessionsReservationIsIgnored() {
        String owner = session();
        String intruder = session();
        TicketsReserved reserved = reserve(owner, STANDING, 1);

        accept(paymentRequested(intruder, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, intruder)).isEmpty();
    }

    @Test
    void moneyTransferComesWithInstructionsAndIssuesTheTicketsWhenTheTransferArrives() {
        String session = session();
        TicketsReserved reserved = reserve(session, VIP, 4);

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.MONEY_TRANSFER, null));

        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        assertThat(pending.method()).isEqualTo(PaymentMethod.MONEY_TRANSFER);
        assertThat(pending.amount()).isEqualByComparingTo("480.00");
        assertThat(pending.moneyTransfer()).isNotNull();
        assertThat(pending.moneyTransfer().iban()).isEqualTo("DE89370400440532013000");
        assertThat(pending.moneyTransfer().amount()).isEqualByComparingTo("480.00");
        assertThat(pending.moneyTransfer().dueBy()).isNotNull();
        assertThat(PROVIDER.creations(reserved.reservationId()).getFirst().json().path("method").asString())
                .isEqualTo("MONEY_TRANSFER");

        PROVIDER.authorize(pending.paymentId());
        accept(PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR")));

        TicketsPaymentAuthorized paid = awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session,
                TicketsPaymentAuthorized.class);
        assertThat(paid.method()).isEqualTo(PaymentMethod.MONEY_TRANSFER);
        assertThat(paid.paymentId()).isEqualTo(pending.paymentId());
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(4)
                .extracting(IssuedTicket::ticketType).containsOnly(VIP);
        assertThat(counts(VIP)).isEqualTo(new Counts(6, 0, 4));
    }

    @Test
    void pollAppliesAnAuthorizationWhoseEventNeverCameAndTheLateEventChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());

        clock.advance(Duration.ofSeconds(11));

        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
        assertThat(poller.poll()).as("nothing is pending any more").isZero();
        accept(authorized(session, pending.paymentId(), reserved));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).hasSize(1);
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 0, 2));
    }

    // --- holds ending -------------------------------------------------------------------------------------------

    @Test
    void expiredHoldGivesItsTicketsBackOnceWhenSweepersRaceTheProcessTimeOut() throws Exception {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent timedOut = ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, reserved.reservationId()));
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));

        List<Callable<Integer>> racers = List.of(sweeper::sweep, sweeper::sweep, () -> post(timedOut).statusCode());
        List<Integer> results = concurrently(racers);

        assertThat(results.get(2)).isEqualTo(202);
        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(expired.quantity()).isEqualTo(2);
        assertThat(expired.reason()).isIn("HOLD_EXPIRED", "TIMED_OUT");
        sweeper.sweep();
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(status(reserved.reservationId())).isEqualTo("EXPIRED");
    }

    @Test
    void holdThatRunsOutExpiresOnItsOwn() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        clock.advance(Duration.ofSeconds(HOLD_SECONDS));

        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reservationId()).isEqualTo(reserved.reservationId());
        assertThat(expired.reason()).isEqualTo("HOLD_EXPIRED");
        assertThat(status(reserved.reservationId())).isEqualTo("EXPIRED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void processTimeOutReleasesTheHoldAndTheOwnExpiryLaterChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);

        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, reserved.reservationId())));

        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reason()).isEqualTo("TIMED_OUT");
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));
        assertThat(sweeper.sweep()).isZero();
        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, session,
                new TicketsReservationTimedOut(session, null)));
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void pendingPaymentKeepsTheHoldForTheGraceAndAnAuthorizationAfterItsExpiryIsCancelled() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));
        sweeper.sweep();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");

        clock.advance(Duration.ofSeconds(60));
        sweeper.sweep();
        TicketsReservationExpired expired = awaitData(EventTypes.TICKETS_RESERVATION_EXPIRED, session,
                TicketsReservationExpired.class);
        assertThat(expired.reason()).isEqualTo("HOLD_EXPIRED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));

        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));

        awaitTrue("payment " + pending.paymentId() + " is cancelled at the provider",
                () -> PROVIDER.payment(pending.paymentId()).status().equals("CANCELLED"));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(paymentStatus(pending.paymentId())).isEqualTo("CANCELLED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void checkoutAfterTheHoldRanOutIsIgnored() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        clock.advance(Duration.ofSeconds(HOLD_SECONDS + 1));

        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));

        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
    }

    @Test
    void customerWhoLeavesReleasesTheHoldButNeverTicketsTheyPaidFor() {
        String leaving = session();
        TicketsReserved held = reserve(leaving, STANDING, 2);
        String buyer = session();
        TicketsReserved bought = reserve(buyer, STANDING, 3);
        accept(paymentRequested(buyer, bought.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, buyer,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(buyer, pending.paymentId(), bought));
        awaitData(EventTypes.TICKETS_ISSUED, buyer, TicketsIssued.class);

        accept(abandoned(leaving));
        accept(abandoned(buyer));
        accept(ROUTER.journey(EventTypes.SESSION_CLEAN_UP, buyer, new SessionCleanUp(buyer)));

        TicketsReservationReleased released = awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, leaving,
                TicketsReservationReleased.class);
        assertThat(released.reservationId()).isEqualTo(held.reservationId());
        assertThat(released.reason()).isEqualTo("ABANDONED");
        assertThat(released.quantity()).isEqualTo(2);
        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_RELEASED, buyer)).isEmpty();
        assertThat(status(held.reservationId())).isEqualTo("RELEASED");
        assertThat(status(bought.reservationId())).isEqualTo("ISSUED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(47, 0, 3));
    }

    @Test
    void cleanUpReleasesAHoldWhosePaymentIsStillPendingAndItsLateAuthorizationIsCancelled() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);

        accept(ROUTER.journey(EventTypes.SESSION_CLEAN_UP, session, new SessionCleanUp(session)));
        TicketsReservationReleased released = awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session,
                TicketsReservationReleased.class);
        PROVIDER.authorize(pending.paymentId());
        accept(authorized(session, pending.paymentId(), reserved));

        assertThat(released.reason()).isEqualTo("CLEAN_UP");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        awaitTrue("payment " + pending.paymentId() + " is cancelled at the provider",
                () -> PROVIDER.payment(pending.paymentId()).status().equals("CANCELLED"));
        drained();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
    }

    @Test
    void cancellationTheProviderCouldNotTakeIsAskedForAgainUntilItIsDone() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        accept(abandoned(session));
        awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);
        PROVIDER.authorize(pending.paymentId());
        PROVIDER.failNextCancellations(2);

        accept(authorized(session, pending.paymentId(), reserved));

        awaitTrue("the cancellation of payment " + pending.paymentId() + " is done",
                () -> jdbc.sql("SELECT COUNT(*) FROM payment_cancellation WHERE payment_id = :id")
                        .param("id", pending.paymentId()).query(Long.class).single() == 0);
        assertThat(PROVIDER.payment(pending.paymentId()).status()).isEqualTo("CANCELLED");
        assertThat(PROVIDER.cancellations(pending.paymentId())).as("two failed, the third cancelled").hasSize(3);
        assertThat(paymentStatus(pending.paymentId())).isEqualTo("CANCELLED");
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
    }

    @Test
    void sessionMayReserveAgainOnceItsHoldEndedWithANewAdmissionButNotWithTheTokenThatMadeTheHold() {
        String session = session();
        String token = token(session);
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 2, token)));
        TicketsReserved first = awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
        accept(abandoned(session));
        awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 1, token)));
        TicketsReservationRejected used = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(used.reason()).isEqualTo("INVALID_TOKEN");
        assertThat(used.message()).contains("USED");
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));

        String readmitted = TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(11)));
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, VIP, 1, readmitted)));

        TicketsReserved second = SaleEvents.data(awaitEvents(EventTypes.TICKETS_RESERVED, session, 2).get(1),
                TicketsReserved.class);
        assertThat(second.reservationId()).isNotEqualTo(first.reservationId());
        assertThat(second.ticketType()).isEqualTo(VIP);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(counts(VIP)).isEqualTo(new Counts(9, 1, 0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admission_token_use WHERE session_id = :session")
                .param("session", session).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void requestTurnedDownForTooFewTicketsDoesNotUseTheToken() {
        open(List.of(new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 2)));
        String session = session();
        String token = token(session);

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 3, token)));
        TicketsReservationRejected shortfall = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, VIP, 2, token)));

        assertThat(shortfall.reason()).isNotEqualTo("INVALID_TOKEN");
        assertThat(awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class).quantity()).isEqualTo(2);
    }

    @Test
    void admissionTokenOfThePreviousSaleHoldsNothingOnceANewSaleOpened() {
        String session = session();
        String issuedInThePreviousSale = token(session);
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50)));

        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 1, issuedInThePreviousSale)));

        TicketsReservationRejected rejected = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                TicketsReservationRejected.class);
        assertThat(rejected.reason()).isEqualTo("INVALID_TOKEN");
        assertThat(rejected.message()).contains("OTHER_SALE");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
    }

    // --- facts checked before they move anything -----------------------------------------------------------------

    @Test
    void forgedMoneyTransferAcceptedForOnesOwnPendingTransferIssuesNothingUntilTheProviderHasTheMoney() {
        String session = session();
        TicketsReserved reserved = reserve(session, VIP, 4);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.MONEY_TRANSFER, null));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        double unconfirmed = unconfirmed(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED);
        CloudEvent forged = PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR"));

        HttpResponse<String> refused = post(forged);

        assertProblem(refused, "payment-not-confirmed", "PENDING");
        assertThat(unconfirmed(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED) - unconfirmed).isEqualTo(1);
        assertThat(PROVIDER.requests()).anyMatch(request -> request.method().equals("GET")
                && request.path().equals("/api/payments/" + pending.paymentId()));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(counts(VIP)).isEqualTo(new Counts(6, 4, 0));

        PROVIDER.authorize(pending.paymentId());
        accept(PAYMENTS.journey(EventTypes.PAYMENTS_MONEY_TRANSFER_ACCEPTED, session,
                new PaymentsMoneyTransferAccepted(pending.moneyTransfer().transferId(), reserved.reservationId(),
                        reserved.amount(), "EUR")));
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(4);
    }

    @Test
    void authorizationThatDiffersFromWhatTheProviderSaysIsRefusedAndChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        String other = session();
        TicketsReserved others = reserve(other, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        double unconfirmed = unconfirmed(EventTypes.PAYMENTS_AUTHORIZED);

        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                pending.paymentId(), reserved.reservationId(), new BigDecimal("0.01"), "EUR", "AUTH-1"))),
                "payment-not-confirmed", "0.01");
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                pending.paymentId(), reserved.reservationId(), reserved.amount(), "USD", "AUTH-1"))),
                "payment-not-confirmed", "USD");
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, other, new PaymentsAuthorized(
                pending.paymentId(), others.reservationId(), reserved.amount(), "EUR", "AUTH-1"))),
                "payment-not-confirmed", others.reservationId());
        assertProblem(post(PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(
                "pay_nobody", reserved.reservationId(), reserved.amount(), "EUR", "AUTH-1"))),
                "payment-not-confirmed", "does not know");

        assertThat(unconfirmed(EventTypes.PAYMENTS_AUTHORIZED) - unconfirmed).isEqualTo(4);
        drained();
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_ISSUED, other)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        assertThat(status(others.reservationId())).isEqualTo("HELD");
        accept(authorized(session, pending.paymentId(), reserved));
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
    }

    @Test
    void authorizationThatCannotBeCheckedWithTheProviderIsRetriedNotDropped() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 1);
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                TicketsPaymentPending.class);
        PROVIDER.authorize(pending.paymentId());
        CloudEvent authorization = authorized(session, pending.paymentId(), reserved);
        PROVIDER.failNext(1000);

        HttpResponse<String> unavailable = post(authorization);

        PROVIDER.failNext(0);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(unavailable.body()).contains("urn:concertsale:problem:payment-provider-unavailable");
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        HttpResponse<String> redelivered = post(authorization);
        assertThat(redelivered.statusCode()).isEqualTo(202);
        assertThat(redelivered.headers().firstValue("X-Event-Outcome")).hasValue("HANDLED");
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(1);
    }

    @Test
    void saleOpenedFromAnyoneButTheGatewayOrDatedInTheFutureIsRefusedAndTheSaleStays() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent forged = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router")).broadcast(
                EventTypes.SALE_OPENED, saleOpened("sale-forged", List.of(new TicketTypeSpec(STANDING, "Standing",
                        BigDecimal.ONE, 1)), clock.instant()));

        assertProblem(post(forged), "source-not-producer", "urn:concertsale:frontend-gateway");
        assertProblem(post(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-next-year", List.of(
                new TicketTypeSpec(STANDING, "Standing", BigDecimal.ONE, 1)), clock.instant().plus(Duration.ofDays(365))))),
                "event-from-the-future", "dates the fact");

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(saleId);
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    @Test
    void timeOutNamingAnotherSessionsReservationChangesNothing() {
        String victim = session();
        TicketsReserved held = reserve(victim, STANDING, 2);
        String attacker = session();

        accept(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, attacker,
                new TicketsReservationTimedOut(attacker, held.reservationId())));
        assertProblem(post(ROUTER.journey(EventTypes.TICKETS_RESERVATION_TIMED_OUT, attacker,
                new TicketsReservationTimedOut(victim, null))), "invalid-data", "correlationkey");

        drained();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, victim)).isEmpty();
        assertThat(events(EventTypes.TICKETS_RESERVATION_EXPIRED, attacker)).isEmpty();
        assertThat(status(held.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    double unconfirmed(String type) {
        Counter counter = meters.find(PaymentConfirmations.METER).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    // --- bad input ----------------------------------------------------------------------------------------------

    @Test
    void badEventsGetProblemDetailsAndChangeNothing() {
        String session = session();
        CloudEvent zeroTickets = GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, STANDING, 0, token(session)));
        CloudEvent otherSessionsData = GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session(), STANDING, 1, token(session)));
        CloudEvent sameTypeTwice = GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-bad", List.of(
                new TicketTypeSpec("A", "A", BigDecimal.ONE, 1), new TicketTypeSpec("A", "A", BigDecimal.TEN, 1)),
                clock.instant()));
        CloudEvent fractionOfACent = GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened("sale-bad", List.of(
                new TicketTypeSpec("A", "A", new BigDecimal("9.999"), 1)), clock.instant()));
        CloudEvent notOurs = GATEWAY.journey(EventTypes.TICKETS_RESERVED, session, new TicketsReserved(session, "r",
                STANDING, 1, BigDecimal.ONE, BigDecimal.ONE, "EUR", clock.instant()));

        assertProblem(post(zeroTickets), "invalid-data", "quantity");
        assertProblem(post(otherSessionsData), "invalid-data", "correlationkey");
        assertProblem(post(sameTypeTwice), "invalid-data", "twice");
        assertProblem(post(fractionOfACent), "invalid-data", "decimals");
        assertProblem(post(notOurs), "unknown-type", EventTypes.TICKETS_RESERVED);
        assertProblem(CloudEventRequests.raw(uri("/events"), "{\"specversion\":\"1.0\"", "Authorization", TestIdentity.delivery(), "Content-Type",
                "application/cloudevents+json"), "malformed-event", "CloudEvent");

        assertThat(jdbc.sql("SELECT id FROM sale").query(String.class).list()).containsExactly(saleId);
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        assertThat(reservations()).isZero();
        drained();
        assertThat(SINK.events()).noneMatch(event -> session.equals(key(event)));
    }

    @Test
    void aPaymentMethodOutsideThePublishedLanguageIsInvalidDataAndChangesNothing() {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        CloudEvent byBitcoin = CloudEventBuilder.v1(paymentRequested(session, reserved.reservationId(),
                PaymentMethod.CARD, "tok_visa")).withData(SaleEvents.JSON, ("{\"sessionId\":\"" + session
                        + "\",\"reservationId\":\"" + reserved.reservationId()
                        + "\",\"method\":\"BITCOIN\",\"cardToken\":\"tok_visa\"}").getBytes(StandardCharsets.UTF_8))
                .build();
        CloudEvent byIndex = CloudEventBuilder.v1(byBitcoin).withId(UUID.randomUUID().toString())
                .withData(SaleEvents.JSON, ("{\"sessionId\":\"" + session + "\",\"reservationId\":\""
                        + reserved.reservationId() + "\",\"method\":0,\"cardToken\":\"tok_visa\"}")
                        .getBytes(StandardCharsets.UTF_8)).build();
        CloudEvent receivedByBitcoin = CloudEventBuilder.v1(requestReceived(session, "pay-unknown", reserved))
                .withData(SaleEvents.JSON, ("{\"paymentId\":\"pay-unknown\",\"reference\":\""
                        + reserved.reservationId() + "\",\"method\":\"BITCOIN\",\"amount\":99.80,"
                        + "\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8)).build();

        assertProblem(post(byBitcoin), "invalid-data", "method");
        assertProblem(post(byIndex), "invalid-data", "method");
        assertProblem(post(receivedByBitcoin), "invalid-data", "method");

        drained();
        assertThat(PROVIDER.creations(reserved.reservationId())).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM checkout WHERE reservation_id = :id")
                .param("id", reserved.reservationId()).query(Long.class).single()).isZero();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("HELD");
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 2, 0));
    }

    @Test
    void unknownReservationIsNotFoundForOperators() {
        HttpResponse<String> response = get("/api/reservations/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    record Counts(int available, int reserved, int sold) {
    }

    void open(List<TicketTypeSpec> types) {
        saleId = "sale-" + UUID.randomUUID();
        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, types, clock.instant())));
    }

    static SaleOpened saleOpened(String id, List<TicketTypeSpec> types, Instant openedAt) {
        return new SaleOpened(id, "Test concert", "EUR", types, MAX_PER_CUSTOMER, HOLD_SECONDS,
                new AdmissionSettings(50, 100, false), openedAt);
    }

    static String session() {
        return "s-" + UUID.randomUUID();
    }

    String token(String session) {
        return TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(10)));
    }

    CloudEvent requested(String session, String type, int quantity) {
        return GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, type, quantity, token(session)));
    }

    TicketsReserved reserve(String session, String type, int quantity) {
        accept(requested(session, type, quantity));
        return awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
    }

    TicketsReservationRejected rejectedFor(String type, int quantity) {
        String session = session();
        accept(requested(session, type, quantity));
        return awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session, TicketsReservationRejected.class);
    }

    static CloudEvent paymentRequested(String session, String reservationId, PaymentMethod method,
            String cardToken) {
        return GATEWAY.journey(EventTypes.TICKETS_PAYMENT_REQUESTED, session,
                new TicketsPaymentRequested(session, reservationId, method, cardToken));
    }

    static CloudEvent requestReceived(String session, String paymentId, TicketsReserved reserved) {
        return PAYMENTS.journey(EventTypes.PAYMENTS_REQUEST_RECEIVED, session, new PaymentsRequestReceived(paymentId,
                reserved.reservationId(), PaymentMethod.CARD, reserved.amount(), reserved.currency()));
    }

    static CloudEvent authorized(String session, String paymentId, TicketsReserved reserved) {
        return PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(paymentId,
                reserved.reservationId(), reserved.amount(), reserved.currency(), "AUTH-1"));
    }

    static CloudEvent abandoned(String session) {
        return GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, session,
                new QueueCustomerAbandoned(session, "LEFT", Instant.now()));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> post(CloudEvent event) {
        return CloudEventRequests.delivered(uri("/events"), event);
    }

    void accept(CloudEvent event) {
        HttpResponse<String> response = post(event);
        assertThat(response.statusCode()).as("%s answered %s", event.getType(), response.body()).isEqualTo(202);
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, String slug, String mention) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:" + slug).contains(mention);
    }

    static String key(CloudEvent event) {
        return SaleEvents.correlationKey(event).orElse(null);
    }

    static List<CloudEvent> events(String type, String session) {
        return SINK.events(type).stream().filter(event -> session.equals(key(event))).toList();
    }

    static <T> T awaitData(String type, String session, Class<T> dataType) {
        return SaleEvents.data(SINK.await(event -> event.getType().equals(type) && session.equals(key(event)), WAIT),
                dataType);
    }

    /** Waits until the condition holds, checking it every few milliseconds. */
    static void awaitTrue(String description, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(condition.getAsBoolean()).as(description).isTrue();
    }

    static List<CloudEvent> awaitEvents(String type, String session, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        while (events(type, session).size() < count && Instant.now().isBefore(deadline)) {
            pause();
        }
        List<CloudEvent> events = events(type, session);
        assertThat(events).as("%s events of session %s", type, session).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }

    /**
     * Waits until the outbox was seen empty once: every event committed before the call has then reached the broker,
     * so counting what the broker got is final. (Availability snapshots may join the outbox at any time after.)
     */
    void drained() {
        Instant deadline = Instant.now().plus(WAIT);
        boolean empty = relay.pending() == 0;
        while (!empty && Instant.now().isBefore(deadline)) {
            pause();
            empty = relay.pending() == 0;
        }
        assertThat(empty).as("the outbox emptied within %s", WAIT).isTrue();
    }

    boolean snapshotOfThisSale(CloudEvent event) {
        return event.getType().equals(EventTypes.TICKETS_AVAILABILITY_CHANGED)
                && saleId.equals(SaleEvents.data(event, TicketsAvailabilityChanged.class).saleId());
    }

    static TicketAvailability availability(CloudEvent snapshot, String type) {
        return SaleEvents.data(snapshot, TicketsAvailabilityChanged.class).ticketTypes().stream()
                .filter(availability -> availability.type().equals(type)).findFirst().orElseThrow();
    }

    Counts counts(String type) {
        return jdbc.sql("SELECT available, reserved, sold FROM ticket_type WHERE sale_id = :sale AND type = :type")
                .param("sale", saleId).param("type", type)
                .query((rs, row) -> new Counts(rs.getInt("available"), rs.getInt("reserved"), rs.getInt("sold")))
                .single();
    }

    String status(String reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = :id").param("id", reservationId)
                .query(String.class).single();
    }

    String paymentStatus(String paymentId) {
        return jdbc.sql("SELECT status FROM payment WHERE id = :id").param("id", paymentId).query(String.class)
                .single();
    }

    long reservations() {
        return jdbc.sql("SELECT COUNT(*) FROM reservation WHERE sale_id = :sale").param("sale", saleId)
                .query(Long.class).single();
    }

    long payments(String reservationId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :id").param("id", reservationId)
                .query(Long.class).single();
    }

    /** Runs the tasks at the same moment, each on its own thread, and returns their results in order. */
    static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
