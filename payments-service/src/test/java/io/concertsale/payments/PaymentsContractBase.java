package io.concertsale.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the provider's contracts share: the service over real HTTP with a real database and a recording broker, and
 * the calls and checks of the features' contracts ({@code card/CardContract}, {@code payment/PaymentContract}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=event-kit,payments-service",
        "payments.api-keys=" + PaymentsContractBase.API_KEY,
        "payments.authorization-delay=300ms",
        "payments.processor.poll-interval=50ms",
        "payments.money-transfer.auto-accept-after=2s",
        "logging.level.io.concertsale.payments=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
public abstract class PaymentsContractBase {

    protected static final String API_KEY = "test-merchant-key";
    protected static final RecordingSink SINK = new RecordingSink();
    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String VISA = "4242424242424242";
    protected static final String DECLINED = "4000000000000002";
    protected static final String NO_FUNDS = "4000000000009995";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected PaymentProcessor processor;

    @Autowired
    protected PaymentStore store;

    protected static void sink(DynamicPropertyRegistry registry) {
        registry.add("sale.events.sink", () -> SINK.uri().toString());
    }

    @BeforeEach
    protected void clear() {
        SINK.clear();
    }

    protected static long total(JsonNode summary) {
        long total = 0;
        for (JsonNode totals : summary.get("byStatus")) {
            total += totals.get("count").asLong();
        }
        return total;
    }

    /** The next millisecond (the precision of payment times), once the clock passed it: later payments only. */
    protected static Instant nextMillisecond() {
        Instant next = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        while (Instant.now().isBefore(next)) {
            Thread.onSpinWait();
        }
        return next;
    }

    protected static String card(String token, String amount, String session) {
        return """
                {"method":"CARD","cardToken":"%s","amount":%s,"currency":"EUR","reference":"reservation-%s",
                 "correlationKey":"%s","description":"2 x Standing"}""".formatted(token, amount, session, session);
    }

    protected static String transfer(String amount, String session) {
        return """
                {"method":"MONEY_TRANSFER","amount":%s,"currency":"EUR","reference":"reservation-%s",
                 "correlationKey":"%s"}""".formatted(amount, session, session);
    }

    protected HttpResponse<String> tokenize(String number, String expiry, String cvc, String holder) {
        return post("/api/cards", """
                {"number":"%s","expiry":"%s","cvc":"%s","holder":"%s"}""".formatted(number, expiry, cvc, holder), null);
    }

    protected String token(String number) {
        HttpResponse<String> response = tokenize(number, "12/99", "123", "Ada Lovelace");
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).get("token").asString();
    }

    protected HttpResponse<String> createPayment(String idempotencyKey, String body) {
        return send(HttpRequest.newBuilder(uri("/api/payments"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).GET());
    }

    protected HttpResponse<String> post(String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String id(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return json(response).get("id").asString();
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:concertsale:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    protected static void assertInvalid(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid-payment");
        assertThat(json(response).get("errors").propertyNames()).containsExactly(field);
    }

    protected static CloudEvent awaitEvent(String session, String type) {
        return SINK.await(event -> type.equals(event.getType())
                && session.equals(SaleEvents.correlationKey(event).orElse(null)), WAIT);
    }

    protected static List<CloudEvent> events(String session, String type) {
        return SINK.events(type).stream()
                .filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null))).toList();
    }

    protected static List<String> types(String session) {
        return SINK.events().stream().filter(event -> session.equals(SaleEvents.correlationKey(event).orElse(null)))
                .map(CloudEvent::getType).toList();
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    protected long paymentsWithKey(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE idempotency_key = :key").param("key", key)
                .query(Long.class).single();
    }

    /** Waits until every event the service committed has reached the sink. */
    protected void awaitOutboxDrained() {
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
    protected List<String> databaseText() {
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
