package io.concertsale.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventJson;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.PaymentsAuthorized;
import io.concertsale.events.data.PaymentsRequestReceived;
import io.concertsale.events.data.QueueCustomerAbandoned;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.events.data.TicketsPaymentRequested;
import io.concertsale.events.data.TicketsRequested;
import io.concertsale.events.data.TicketsReservationRejected;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.outbox.OutboxRelay;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.tickets.payment.PaymentPoller;
import io.concertsale.tickets.reservation.ExpirySweeper;
import io.concertsale.tickets.test.MutableClock;
import io.concertsale.tickets.test.PaymentProviderStub;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * What the contracts of the tickets service share: the service end to end over real HTTP, CloudEvents in at
 * {@code /events}, the outbox out to a recording broker, the payment provider a real local HTTP server; a fresh sale
 * before every test, and the helpers that send events and read what came out. Each feature's contract extends it and
 * runs on each database.
 */
@DirtiesContext
public abstract class TicketsContractBase {

    protected static final RecordingSink SINK = new RecordingSink();
    protected static final PaymentProviderStub PROVIDER = new PaymentProviderStub();
    public static final String SECRET = "a-test-admission-secret-that-is-long-enough";
    public static final AdmissionTokens TOKENS = new AdmissionTokens(SECRET.getBytes(StandardCharsets.UTF_8));
    protected static final String API_KEY = "merchant-test-key";
    public static final SaleEvents GATEWAY = new SaleEvents(URI.create("urn:concertsale:frontend-gateway"));
    protected static final SaleEvents PAYMENTS = new SaleEvents(URI.create("urn:concertsale:payments-service"));
    protected static final SaleEvents ROUTER = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router"));
    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected static final String STANDING = "STANDING";
    protected static final String VIP = "VIP";
    protected static final BigDecimal STANDING_PRICE = new BigDecimal("49.90");
    protected static final BigDecimal VIP_PRICE = new BigDecimal("120.00");
    protected static final int HOLD_SECONDS = 300;
    protected static final int MAX_PER_CUSTOMER = 4;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected ExpirySweeper sweeper;

    @Autowired
    protected PaymentPoller poller;

    @Autowired
    protected EventSubscriptions subscriptions;

    @Autowired
    protected OutboxRelay relay;

    @Autowired
    protected MeterRegistry meters;

    /** The sale the test runs in: every test opens a fresh one, which clears the previous test's state. */
    protected String saleId;

    protected static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
        registry.add("sale.admission.token-secret", () -> SECRET);
        registry.add("tickets.payments.base-url", () -> PROVIDER.uri().toString());
        registry.add("tickets.payments.api-key", () -> API_KEY);
    }

    @BeforeEach
    protected void openStandardSale() {
        SINK.clear();
        PROVIDER.failNext(0);
        PROVIDER.failNextCancellations(0);
        open(List.of(new TicketTypeSpec(STANDING, "Standing", STANDING_PRICE, 50),
                new TicketTypeSpec(VIP, "VIP lounge", VIP_PRICE, 10)));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    public record Counts(int available, int reserved, int sold) {
    }

    protected void open(List<TicketTypeSpec> types) {
        saleId = "sale-" + UUID.randomUUID();
        accept(GATEWAY.broadcast(EventTypes.SALE_OPENED, saleOpened(saleId, types, clock.instant())));
    }

    public static SaleOpened saleOpened(String id, List<TicketTypeSpec> types, Instant openedAt) {
        return new SaleOpened(id, "Test concert", "EUR", types, MAX_PER_CUSTOMER, HOLD_SECONDS,
                new AdmissionSettings(50, 100, false), openedAt);
    }

    public static String session() {
        return "s-" + UUID.randomUUID();
    }

    protected String token(String session) {
        return TOKENS.issue(session, saleId, clock.instant().plus(Duration.ofMinutes(10)));
    }

    protected CloudEvent requested(String session, String type, int quantity) {
        return GATEWAY.journey(EventTypes.TICKETS_REQUESTED, session,
                new TicketsRequested(session, type, quantity, token(session)));
    }

    protected TicketsReserved reserve(String session, String type, int quantity) {
        accept(requested(session, type, quantity));
        return awaitData(EventTypes.TICKETS_RESERVED, session, TicketsReserved.class);
    }

    protected TicketsReservationRejected rejectedFor(String type, int quantity) {
        String session = session();
        accept(requested(session, type, quantity));
        return awaitData(EventTypes.TICKETS_RESERVATION_REJECTED, session, TicketsReservationRejected.class);
    }

    public static CloudEvent paymentRequested(String session, String reservationId, PaymentMethod method,
            String cardToken) {
        return GATEWAY.journey(EventTypes.TICKETS_PAYMENT_REQUESTED, session,
                new TicketsPaymentRequested(session, reservationId, method, cardToken));
    }

    public static CloudEvent requestReceived(String session, String paymentId, TicketsReserved reserved) {
        return PAYMENTS.journey(EventTypes.PAYMENTS_REQUEST_RECEIVED, session, new PaymentsRequestReceived(paymentId,
                reserved.reservationId(), PaymentMethod.CARD, reserved.amount(), reserved.currency()));
    }

    public static CloudEvent authorized(String session, String paymentId, TicketsReserved reserved) {
        return PAYMENTS.journey(EventTypes.PAYMENTS_AUTHORIZED, session, new PaymentsAuthorized(paymentId,
                reserved.reservationId(), reserved.amount(), reserved.currency(), "AUTH-1"));
    }

    public static CloudEvent abandoned(String session) {
        return GATEWAY.journey(EventTypes.QUEUE_CUSTOMER_ABANDONED, session,
                new QueueCustomerAbandoned(session, "LEFT", Instant.now()));
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> post(CloudEvent event) {
        return CloudEventRequests.delivered(uri("/events"), event);
    }

    protected void accept(CloudEvent event) {
        HttpResponse<String> response = post(event);
        assertThat(response.statusCode()).as("%s answered %s", event.getType(), response.body()).isEqualTo(202);
    }

    protected HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    protected static void assertProblem(HttpResponse<String> response, String slug, String mention) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:" + slug).contains(mention);
    }

    protected static String key(CloudEvent event) {
        return SaleEvents.correlationKey(event).orElse(null);
    }

    protected static List<CloudEvent> events(String type, String session) {
        return SINK.events(type).stream().filter(event -> session.equals(key(event))).toList();
    }

    protected static <T> T awaitData(String type, String session, Class<T> dataType) {
        return SaleEvents.data(SINK.await(event -> event.getType().equals(type) && session.equals(key(event)), WAIT),
                dataType);
    }

    /** Waits until the condition holds, checking it every few milliseconds. */
    protected static void awaitTrue(String description, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(condition.getAsBoolean()).as(description).isTrue();
    }

    protected static List<CloudEvent> awaitEvents(String type, String session, int count) {
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
    protected void drained() {
        Instant deadline = Instant.now().plus(WAIT);
        boolean empty = relay.pending() == 0;
        while (!empty && Instant.now().isBefore(deadline)) {
            pause();
            empty = relay.pending() == 0;
        }
        assertThat(empty).as("the outbox emptied within %s", WAIT).isTrue();
    }

    protected boolean snapshotOfThisSale(CloudEvent event) {
        return event.getType().equals(EventTypes.TICKETS_AVAILABILITY_CHANGED)
                && saleId.equals(SaleEvents.data(event, TicketsAvailabilityChanged.class).saleId());
    }

    protected static TicketAvailability availability(CloudEvent snapshot, String type) {
        return SaleEvents.data(snapshot, TicketsAvailabilityChanged.class).ticketTypes().stream()
                .filter(availability -> availability.type().equals(type)).findFirst().orElseThrow();
    }

    protected Counts counts(String type) {
        return jdbc.sql("SELECT available, reserved, sold FROM ticket_type WHERE sale_id = :sale AND type = :type")
                .param("sale", saleId).param("type", type)
                .query((rs, row) -> new Counts(rs.getInt("available"), rs.getInt("reserved"), rs.getInt("sold")))
                .single();
    }

    protected String status(String reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = :id").param("id", reservationId)
                .query(String.class).single();
    }

    protected String paymentStatus(String paymentId) {
        return jdbc.sql("SELECT status FROM payment WHERE id = :id").param("id", paymentId).query(String.class)
                .single();
    }

    protected long reservations() {
        return jdbc.sql("SELECT COUNT(*) FROM reservation WHERE sale_id = :sale").param("sale", saleId)
                .query(Long.class).single();
    }

    protected long payments(String reservationId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :id").param("id", reservationId)
                .query(Long.class).single();
    }

    /** Runs the tasks at the same moment, each on its own thread, and returns their results in order. */
    protected static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
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
