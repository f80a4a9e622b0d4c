package io.concertsale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventJson;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;
import io.concertsale.events.data.TicketsIssued;
import io.concertsale.events.data.TicketsPaymentAuthorized;
import io.concertsale.events.data.TicketsPaymentPending;
import io.concertsale.events.data.TicketsReserved;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RecordingSink;
import io.concertsale.gateway.test.CardProviderStub;
import io.concertsale.gateway.test.SessionSocket;
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
import java.util.Base64;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * What every gateway integration test shares: the application on a random port with a real database, a
 * {@link RecordingSink} as the broker, a {@link CardProviderStub} as the payment provider, and helpers that play the
 * other services by posting their events to {@code /events}.
 */
@SpringBootTest(classes = FrontendGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=event-kit,frontend-gateway",
                "sale.admin-password=" + GatewayContract.ADMIN_PASSWORD})
public abstract class GatewayContract {

    public static final String ADMIN_PASSWORD = "test-admin-secret";
    public static final Duration WAIT = Duration.ofSeconds(10);

    public static final RecordingSink SINK = new RecordingSink();
    public static final CardProviderStub CARDS = new CardProviderStub();

    protected static final SaleEvents QUEUE = new SaleEvents(URI.create("urn:concertsale:queue-service"));
    protected static final SaleEvents TICKETS = new SaleEvents(URI.create("urn:concertsale:tickets-service"));
    protected static final SaleEvents ROUTER = new SaleEvents(URI.create("urn:concertsale:zeebe-cloud-events-router"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    /** The broker and the payment provider of the test context. */
    public static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
        registry.add("gateway.payments.base-url", () -> CARDS.uri().toString());
    }

    // ---------------------------------------------------------------- HTTP

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    protected HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** A request as the admin ({@code password} null: without credentials). */
    protected HttpResponse<String> admin(String method, String path, String json, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    protected HttpResponse<String> admin(String method, String path, String json) {
        return admin(method, path, json, ADMIN_PASSWORD);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return EventJson.MAPPER.readTree(response.body());
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("urn:concertsale:problem:" + slug);
        assertThat(json(response).path("status").asInt()).as("the problem's status member").isEqualTo(status);
    }

    // ---------------------------------------------------------------- sessions

    protected String newSession() {
        HttpResponse<String> created = post("/api/sessions", null);
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).path("sessionId").asString();
    }

    protected JsonNode session(String id) {
        HttpResponse<String> response = get("/api/sessions/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    protected String stage(String id) {
        return session(id).path("stage").asString();
    }

    protected SessionSocket socket(String id) {
        return SessionSocket.open(URI.create("ws://localhost:" + port + "/ws/sessions/" + id));
    }

    protected void join(String id) {
        assertThat(post("/api/sessions/" + id + "/queue", null).statusCode()).isEqualTo(202);
    }

    /** A session that joined and was admitted, with the admission token {@code token-<id>}. */
    protected String admittedSession() {
        String id = newSession();
        join(id);
        event(queued(id, 1, 1, 0));
        event(exited(id, "token-" + id));
        assertThat(stage(id)).isEqualTo("ADMITTED");
        return id;
    }

    /** A session holding two STANDING tickets in reservation {@code r-<id>}. */
    protected String reservedSession() {
        String id = admittedSession();
        assertThat(post("/api/sessions/" + id + "/reservation", "{\"ticketType\":\"STANDING\",\"quantity\":2}")
                .statusCode()).isEqualTo(202);
        event(reserved(id));
        assertThat(stage(id)).isEqualTo("RESERVED");
        return id;
    }

    protected String payByCard(String id, String number) {
        HttpResponse<String> response = post("/api/sessions/" + id + "/payment", """
                {"method":"CARD","card":{"number":"%s","expiry":"12/30","cvc":"123","holder":"Test Fan"}}"""
                .formatted(number));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response.body();
    }

    // ---------------------------------------------------------------- events from the other services

    protected URI events() {
        return uri("/events");
    }

    /** Posts the event in binary mode and expects it handled. */
    protected HttpResponse<String> event(CloudEvent event) {
        HttpResponse<String> response = CloudEventRequests.delivered(events(), event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response;
    }

    /** Waits for an event the gateway emitted for the session. */
    protected static CloudEvent emitted(String type, String sessionId) {
        return SINK.await(event -> event.getType().equals(type)
                && sessionId.equals(SaleEvents.correlationKey(event).orElse(null)), WAIT);
    }

    protected static List<CloudEvent> emittedNow(String type, String sessionId) {
        return SINK.events(type).stream()
                .filter(event -> sessionId.equals(SaleEvents.correlationKey(event).orElse(null))).toList();
    }

    protected static JsonNode data(CloudEvent event) {
        return SaleEvents.json(event);
    }

    protected static CloudEvent queued(String id, long number, long position, long admittedBefore) {
        return QUEUE.journey(EventTypes.QUEUE_CUSTOMER_QUEUED, id,
                new QueueCustomerQueued(id, number, position, admittedBefore, position));
    }

    /** The id of the sale the gateway serves now. */
    protected String currentSaleId() {
        return json(get("/api/sale")).path("saleId").asString();
    }

    /** A {@code Queue.Progressed} about the current sale. */
    protected CloudEvent progressed(long admittedTotal, double rate) {
        return QUEUE.broadcast(EventTypes.QUEUE_PROGRESSED,
                new QueueProgressed(currentSaleId(), 100, admittedTotal, 10, rate, false, Instant.now()));
    }

    protected static CloudEvent exited(String id, String token) {
        return QUEUE.journey(EventTypes.QUEUE_CUSTOMER_EXITED, id,
                new QueueCustomerExited(id, 1, token, Instant.now().plusSeconds(300), Instant.now()));
    }

    protected static CloudEvent reserved(String id) {
        return TICKETS.journey(EventTypes.TICKETS_RESERVED, id, new TicketsReserved(id, "r-" + id, "STANDING", 2,
                new BigDecimal("59.00"), new BigDecimal("118.00"), "EUR", Instant.now().plusSeconds(120)));
    }

    protected static CloudEvent paymentPending(String id, String paymentId) {
        return TICKETS.journey(EventTypes.TICKETS_PAYMENT_PENDING, id, new TicketsPaymentPending(id, "r-" + id,
                paymentId, PaymentMethod.CARD, new BigDecimal("118.00"), "EUR", null));
    }

    protected static CloudEvent paymentAuthorized(String id, String paymentId) {
        return TICKETS.journey(EventTypes.TICKETS_PAYMENT_AUTHORIZED, id, new TicketsPaymentAuthorized(id, "r-" + id,
                paymentId, PaymentMethod.CARD, new BigDecimal("118.00"), "EUR"));
    }

    protected static CloudEvent issued(String id) {
        return TICKETS.journey(EventTypes.TICKETS_ISSUED, id, new TicketsIssued(id, "r-" + id,
                List.of(new IssuedTicket("T-" + id + "-1", "STANDING"),
                        new IssuedTicket("T-" + id + "-2", "STANDING"))));
    }
}
