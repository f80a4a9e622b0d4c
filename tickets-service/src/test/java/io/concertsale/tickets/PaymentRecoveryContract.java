package io.concertsale.tickets;

import static io.concertsale.tickets.TicketsContractBase.GATEWAY;
import static io.concertsale.tickets.TicketsContractBase.SECRET;
import static io.concertsale.tickets.TicketsContractBase.TOKENS;
import static io.concertsale.tickets.TicketsContractBase.authorized;
import static io.concertsale.tickets.TicketsContractBase.paymentRequested;
import static io.concertsale.tickets.TicketsContractBase.saleOpened;
import static io.concertsale.tickets.TicketsContractBase.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.Participants;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReservationReleased;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.config.SaleApplication;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A checkout is recorded and the service stops while its payment is being created at the provider, the way a
 * killed process leaves it: the next start on the same database carries it out, with the same idempotency key, so
 * the provider ends up with one payment and the customer with their tickets. Run on each database.
 */
abstract class PaymentRecoveryContract {

    static final RecordingSink SINK = new RecordingSink();
    static final PaymentProviderStub PROVIDER = new PaymentProviderStub();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String STANDING = "STANDING";

    /** The database settings both runs of the service share. */
    abstract Map<String, Object> database();

    @AfterEach
    void letTheProviderAnswer() {
        PROVIDER.releaseCreations();
    }

    @Test
    void checkoutLeftBehindByAStoppedServiceIsCarriedOutByTheNextStart() throws Exception {
        String session = session();
        TicketsReserved reserved;
        CloudEvent checkout;
        String paymentId;
        try (ConfigurableApplicationContext first = start()) {
            MutableClock clock = first.getBean(MutableClock.class);
            String saleId = "sale-" + UUID.randomUUID();
            accept(first, GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, List.of(
                    new TicketTypeSpec(STANDING, "Standing", new BigDecimal("49.90"), 50)), clock.instant())));
            accept(first, GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session,
                    STANDING, 2, TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(10))))));
            reserved = awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
            PROVIDER.holdCreations();
            checkout = paymentRequested(session, reserved.reservationId(), PaymentMethod.CARD, "tok_visa");

            accept(first, checkout);

            assertThat(PROVIDER.awaitHeldCreations(1, WAIT)).isTrue();
            paymentId = PROVIDER.paymentsFor(reserved.reservationId()).getFirst().id();
        }
        PROVIDER.releaseCreations();
        assertThat(SINK.events(EventTypes.TICKETS_PAYMENT_PENDING)).noneMatch(event -> session.equals(key(event)));

        try (ConfigurableApplicationContext second = start()) {
            second.getBean(MutableClock.class).advance(Duration.ofMinutes(1));

            TicketsPaymentPending pending = awaitData(EventTypes.TICKETS_PAYMENT_PENDING, session,
                    TicketsPaymentPending.class);
            assertThat(pending.paymentId()).isEqualTo(paymentId);
            assertThat(PROVIDER.paymentsFor(reserved.reservationId())).hasSize(1);
            assertThat(PROVIDER.creations(reserved.reservationId())).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).hasValue(checkout.getId()));
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT status FROM reservation WHERE id = :id").param("id", reserved.reservationId())
                    .query(String.class).single()).isEqualTo("PAYMENT_PENDING");

            PROVIDER.authorize(paymentId);
            accept(second, authorized(session, paymentId, reserved));

            assertThat(awaitData(EventTypes.TICKETS_ISSUED, session, TicketsIssued.class).tickets()).hasSize(2);
        }
    }

    @Test
    void anAdmissionTokenThatMadeAReservationStaysUsedAfterARestart() {
        String session = session();
        String saleId = "sale-" + UUID.randomUUID();
        String token;
        try (ConfigurableApplicationContext first = start()) {
            MutableClock clock = first.getBean(MutableClock.class);
            accept(first, GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, List.of(
                    new TicketTypeSpec(STANDING, "Standing", new BigDecimal("49.90"), 50)), clock.instant())));
            token = TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(10)));
            accept(first, GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session,
                    STANDING, 2, token)));
            awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
            accept(first, GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, session,
                    new QueueCustomerAbandoned(session, "LEFT", Instant.now())));
            awaitData(EventTypes.TICKETS_RESERVATION_RELEASED, session, TicketsReservationReleased.class);
        }

        try (ConfigurableApplicationContext second = start()) {
            accept(second, GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session, new TicketsRequested(session,
                    STANDING, 2, token)));

            TicketsReservationRejected rejected = awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session,
                    TicketsReservationRejected.class);
            assertThat(rejected.reason()).isEqualTo("INVALID_TOKEN");
            assertThat(rejected.message()).contains("USED");
            assertThat(SINK.events(EventTypes.TICKETS_RESERVED)).filteredOn(event -> session.equals(key(event)))
                    .hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        SpringApplication application = SaleApplication.create(TicketsServiceApplication.class, Participants.TICKETS);
        application.addPrimarySources(List.of(TestClockConfiguration.class));
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--sale.events.sink=" + SINK.uri(),
                "--sale.admission.token-secret=" + SECRET,
                "--tickets.payments.base-url=" + PROVIDER.uri()));
        database().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return application.run(arguments.toArray(String[]::new));
    }

    private static void accept(ConfigurableApplicationContext service, CloudEvent event) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> response = CloudEventRequests.delivered(URI.create("http://localhost:" + port + "/events"),
                event);
        assertThat(response.statusCode()).as("%s answered %s", event.getType(), response.body()).isEqualTo(202);
    }

    private static String key(CloudEvent event) {
        return SaleEvents.correlationKey(event).orElse(null);
    }

    private static <T> T awaitData(String type, String session, Class<T> dataType) {
        return SaleEvents.data(SINK.await(event -> event.getType().equals(type) && session.equals(key(event)), WAIT),
                dataType);
    }
}
