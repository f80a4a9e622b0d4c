package io.concertsale.tickets.payment;

import static io.concertsale.tickets.TicketsContractBase.GATEWAY;
import static io.concertsale.tickets.TicketsContractBase.SECRET;
import static io.concertsale.tickets.TicketsContractBase.TOKENS;
import static io.concertsale.tickets.TicketsContractBase.abandoned;
import static io.concertsale.tickets.TicketsContractBase.authorized;
import static io.concertsale.tickets.TicketsContractBase.paymentRequested;
import static io.concertsale.tickets.TicketsContractBase.requestReceived;
import static io.concertsale.tickets.TicketsContractBase.saleOpened;
import static io.concertsale.tickets.TicketsContractBase.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.tickets.test.MutableClock;
import io.concertsale.tickets.test.PaymentProviderStub;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The tickets service with a payment provider that answers only when the test lets it: calls to the provider hold no
 * database connection and no row lock, so payments waiting at the provider slow payments down and nothing else. The
 * service has a small connection pool here, so that a service which held a connection per call would run dry.
 * Run on each database.
 */
@DirtiesContext
abstract class SlowPaymentProviderContract {

    static final RecordingSink SINK = new RecordingSink();
    static final PaymentProviderStub PROVIDER = new PaymentProviderStub();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int POOL_SIZE = 4;
    /** More payments wait at the provider at once than the pool has connections. */
    static final int WAITING_PAYMENTS = POOL_SIZE + 2;
    /** Calls to the provider at once ({@code tickets.payments.concurrency}). */
    static final int TURNS = WAITING_PAYMENTS + 2;
    static final String STANDING = "STANDING";
    static final String VIP = "VIP";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    OutboxRelay relay;

    String saleId;

    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
        registry.add("sale.admission.token-secret", () -> SECRET);
        registry.add("tickets.payments.base-url", () -> PROVIDER.uri().toString());
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> POOL_SIZE);
        // A request that gets no connection fails after 5 s (not 30 s): a service whose connections all wait for
        // the provider answers the test with 500 instead of keeping it waiting.
        registry.add("spring.datasource.hikari.connection-timeout", () -> 5000);
        // The provider's answers take as long as the test holds them, never shorter than the test's waits.
        registry.add("tickets.payments.read-timeout", () -> "60s");
        registry.add("tickets.payments.concurrency", () -> TURNS);
        // Outcomes take effect through the events and the service's own rules, not through the fallback poll.
        registry.add("tickets.payments.poll-after", () -> "1h");
    }

    @BeforeEach
    void openSale() {
        SINK.clear();
        saleId = "sale-" + UUID.randomUUID();
        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, List.of(
                new TicketTypeSpec(STANDING, "Standing", new BigDecimal("49.90"), 50),
                new TicketTypeSpec(VIP, "VIP lounge", new BigDecimal("120.00"), 10)), clock.instant())));
    }

    @AfterEach
    void letTheProviderAnswer() {
        PROVIDER.releaseCreations();
    }

    @Test
    void paymentsWaitingAtTheProviderHoldNoConnectionSoEveryOtherEventIsHandledMeanwhile() throws Exception {
        List<String> payers = IntStream.range(0, WAITING_PAYMENTS).mapToObj(i -> session()).toList();
        List<TicketsReserved> reserved = payers.stream().map(payer -> reserve(payer, STANDING, 1)).toList();
        String leaving = session();
        TicketsReserved leavingHold = reserve(leaving, STANDING, 2);
        PROVIDER.holdCreations();

        List<CompletableFuture<Integer>> checkouts = new ArrayList<>();
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (TicketsReserved hold : reserved) {
                CloudEvent checkout = paymentRequested(hold.sessionId(), hold.reservationId(), PaymentMethod.CARD,
                        "tok_visa");
                checkouts.add(CompletableFuture.supplyAsync(() -> post(checkout).statusCode(), senders));
            }
            assertThat(PROVIDER.awaitHeldCreations(WAITING_PAYMENTS, WAIT))
                    .as("%d payments wait at the provider at once, with %d connections", WAITING_PAYMENTS, POOL_SIZE)
                    .isTrue();

            String other = session();
            accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, other, new TicketsRequested(other, VIP, 2,
                    TOKENS.issue(other, saleId, clock.instant().plus(Duration.ofMinutes(10))))));
            accept(abandoned(leaving));

            assertThat(awaitData(EventTypes.TICKETS_RESERVED, other, TicketsReserved.class).quantity()).isEqualTo(2);
            assertThat(awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, leaving, TicketsReservationReleased.class)
                    .reservationId()).isEqualTo(leavingHold.reservationId());
            assertThat(counts(VIP)).isEqualTo(new Counts(8, 2, 0));
            assertThat(counts(STANDING)).isEqualTo(new Counts(50 - WAITING_PAYMENTS, WAITING_PAYMENTS, 0));
            for (CompletableFuture<Integer> checkout : checkouts) {
                assertThat(checkout.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(202);
            }
            assertThat(PROVIDER.paymentsFor(reserved.getFirst().reservationId())).hasSize(1);
            assertThat(payments()).as("no payment is recorded before the provider answered").isZero();
        } finally {
            PROVIDER.releaseCreations();
            senders.close();
        }

        for (TicketsReserved hold : reserved) {
            TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, hold.sessionId(),
                    TicketsPaymentPending.class);
            assertThat(pending.reservationId()).isEqualTo(hold.reservationId());
            assertThat(PROVIDER.creations(hold.reservationId())).hasSize(1);
            PROVIDER.authorize(pending.paymentId());
            accept(authorized(hold.sessionId(), pending.paymentId(), hold));
        }
        for (TicketsReserved hold : reserved) {
            assertThat(awaitData(EventTypes.TICKETS_ISSUED, hold.sessionId(), TicketsIssued.class).tickets())
                    .hasSize(1);
            assertThat(status(hold.reservationId())).isEqualTo("ISSUED");
        }
        assertThat(counts(STANDING)).isEqualTo(new Counts(50 - WAITING_PAYMENTS, 0, WAITING_PAYMENTS));
    }

    @Test
    void authorizationReportedBeforeTheCreationIsRecordedTakesEffectOnce() throws Exception {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        PROVIDER.holdCreations();
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        assertThat(PROVIDER.awaitHeldCreations(1, WAIT)).isTrue();
        String paymentId = PROVIDER.paymentsFor(reserved.reservationId()).getFirst().id();
        PROVIDER.authorize(paymentId);

        accept(requestReceived(session, paymentId, reserved));
        accept(authorized(session, paymentId, reserved));

        assertThat(payments()).as("the provider's answer is still held").isZero();
        assertThat(status(reserved.reservationId())).isEqualTo("PAYMENT_PENDING");
        PROVIDER.releaseCreations();
        TicketsPaymentAuthorized paid = awaitData(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session,
                TicketsPaymentAuthorized.class);
        assertThat(paid.paymentId()).isEqualTo(paymentId);
        assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
        accept(authorized(session, paymentId, reserved));
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_AUTHORIZED, session)).hasSize(1);
        assertThat(events(EventTypes.TICKETS_ISSUED, session)).hasSize(1);
        assertThat(counts(STANDING)).isEqualTo(new Counts(48, 0, 2));
        assertThat(jdbc.sql("SELECT status FROM payment WHERE id = :id").param("id", paymentId).query(String.class)
                .single()).isEqualTo("AUTHORIZED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE id = :id AND acknowledged_at IS NOT NULL")
                .param("id", paymentId).query(Long.class).single()).as("the early Payments.RequestReceived counts")
                .isEqualTo(1);
    }

    @Test
    void holdReleasedWhileItsPaymentIsBeingCreatedGetsThatPaymentCancelled() throws Exception {
        String session = session();
        TicketsReserved reserved = reserve(session, STANDING, 2);
        PROVIDER.holdCreations();
        accept(paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa"));
        assertThat(PROVIDER.awaitHeldCreations(1, WAIT)).isTrue();
        String paymentId = PROVIDER.paymentsFor(reserved.reservationId()).getFirst().id();

        accept(abandoned(session));

        assertThat(awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class)
                .reason()).isEqualTo("ABANDONED");
        assertThat(counts(STANDING)).isEqualTo(new Counts(50, 0, 0));
        PROVIDER.releaseCreations();
        awaitTrue("payment " + paymentId + " is cancelled at the provider",
                () -> PROVIDER.payment(paymentId).status().equals("CANCELLED"));
        assertThat(jdbc.sql("SELECT status FROM payment WHERE id = :id").param("id", paymentId).query(String.class)
                .single()).isEqualTo("CANCELLED");
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
        assertThat(status(reserved.reservationId())).isEqualTo("RELEASED");
    }

    @Test
    void checkoutWaitingForItsTurnIsNeverSentWhenItsHoldEndsMeanwhile() throws Exception {
        List<TicketsReserved> busy = IntStream.range(0, TURNS).mapToObj(i -> reserve(session(), STANDING, 1)).toList();
        String session = session();
        TicketsReserved waiting = reserve(session, VIP, 1);
        PROVIDER.holdCreations();
        for (TicketsReserved hold : busy) {
            accept(paymentRequested(hold.sessionId(), hold.reservationId(), PaymentMethod.CARD, "tok_visa"));
        }
        assertThat(PROVIDER.awaitHeldCreations(TURNS, WAIT)).isTrue();
        accept(paymentRequested(session, waiting.reservationId(), PaymentMethod.CARD, "tok_visa"));

        accept(abandoned(session));

        awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);
        PROVIDER.releaseCreations();
        for (TicketsReserved hold : busy) {
            awaitData(EventTypes.TICKETS_PAYMENT_PENDING, hold.sessionId(), TicketsPaymentPending.class);
        }
        awaitTrue("the waiting checkout is given up", () -> jdbc.sql(
                "SELECT status FROM checkout WHERE reservation_id = :id").param("id", waiting.reservationId())
                .query(String.class).single().equals("ABANDONED"));
        assertThat(PROVIDER.creations(waiting.reservationId())).isEmpty();
        drained();
        assertThat(events(EventTypes.TICKETS_PAYMENT_PENDING, session)).isEmpty();
        assertThat(events(EventTypes.TICKETS_PAYMENT_DECLINED, session)).isEmpty();
        assertThat(counts(VIP)).isEqualTo(new Counts(10, 0, 0));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    record Counts(int available, int reserved, int sold) {
    }

    TicketsReserved reserve(String session, String type, int quantity) {
        accept(GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session, type, quantity,
                TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(10))))));
        return awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
    }

    HttpResponse<String> post(CloudEvent event) {
        return CloudEventRequests.delivered(URI.create("http://localhost:" + port + "/events"), event);
    }

    void accept(CloudEvent event) {
        HttpResponse<String> response = post(event);
        assertThat(response.statusCode()).as("%s answered %s", event.getType(), response.body()).isEqualTo(202);
    }

    static List<CloudEvent> events(String type, String session) {
        return SINK.events(type).stream()
                .filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null))).toList();
    }

    static <T> T awaitData(String type, String session, Class<T> dataType) {
        return SaleEvents.data(SINK.await(event -> event.getType().equals(type)
                && session.equals(SaleEvents.correlationKey(event).orElse(null)), WAIT), dataType);
    }

    /** Waits until the condition holds, checking it every few milliseconds. */
    static void awaitTrue(String description, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(description).isTrue();
    }

    /** Waits until the outbox was seen empty once: every event committed before then has reached the broker. */
    void drained() throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        boolean empty = relay.pending() == 0;
        while (!empty && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            empty = relay.pending() == 0;
        }
        assertThat(empty).as("the outbox emptied within %s", WAIT).isTrue();
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

    long payments() {
        return jdbc.sql("SELECT COUNT(*) FROM payment p JOIN reservation r ON r.id = p.reservation_id "
                + "WHERE r.sale_id = :sale").param("sale", saleId).query(Long.class).single();
    }
}
