package io.concertsale.broker;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.test.ProducerTokens;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.broker.test.Waiting;
import io.concertsale.events.EventJson;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The broker on a random port with the Triggers and EventPolicies of {@code test-triggers/}, the sale's EventPolicies
 * ({@code knative/400-event-policies.yaml}), and real subscriber servers. Events are posted as the tests' producer
 * ({@link ProducerTokens#TEST_PRODUCER}), whose policy lets it send anything. Every
 * integration test class shares this one application context; tests keep apart by fresh event ids and
 * correlation keys.
 */
@SpringBootTest(classes = LocalBrokerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=event-kit,local-broker",
                "broker.triggers-location=classpath:test-triggers/*.yaml,classpath:knative/400-event-policies.yaml",
                "broker.event-log.stream-heartbeat=1s"})
public abstract class BrokerIntegrationSupport {

    protected static final TestSubscriber ALPHA = TestSubscriber.start();
    protected static final TestSubscriber BETA = TestSubscriber.start();
    protected static final TestSubscriber FLAKY = TestSubscriber.start();
    protected static final TestSubscriber RECORDER = TestSubscriber.start();
    protected static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** The broker's delivery log and dead letters, fresh for this test run. */
    protected static final Path STORAGE = temporaryFolder();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MeterRegistry meters;

    @Autowired
    protected TokenIssuer issuer;

    @DynamicPropertySource
    static void subscribers(DynamicPropertyRegistry registry) {
        registry.add("broker.subscribers.alpha", () -> ALPHA.uri().toString());
        registry.add("broker.subscribers.beta", () -> BETA.uri().toString());
        registry.add("broker.subscribers.flaky", () -> FLAKY.uri().toString());
        registry.add("broker.subscribers.recorder", () -> RECORDER.uri().toString());
        registry.add("broker.storage.directory", STORAGE::toString);
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("local-broker-test");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected URI ingress() {
        return uri("/default/default");
    }

    /** A fresh correlation key, so that a test finds its own events. */
    protected static String key() {
        return "test-" + UUID.randomUUID();
    }

    /** A journey-style event with a fresh id, JSON data and the correlation key. */
    protected static CloudEvent event(String type, String correlationKey) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("urn:concertsale:test"))
                .withType(type)
                .withDataContentType(SaleEvents.JSON)
                .withData(("{\"sessionId\":\"" + correlationKey + "\",\"quantity\":2}").getBytes(StandardCharsets.UTF_8))
                .withExtension(SaleEvents.CORRELATION_KEY, correlationKey)
                .build();
    }

    /** {@code Authorization} of the tests' producer: a valid token of the broker for its own audience. */
    protected String producer() {
        return ProducerTokens.bearer(issuer);
    }

    /** Posts the event in binary mode as the tests' producer and expects 202. */
    protected CloudEvent send(CloudEvent event) {
        HttpResponse<String> response = CloudEventRequests.binary(ingress(), event, producer());
        if (response.statusCode() != 202) {
            throw new AssertionError("Ingress answered " + response.statusCode() + ": " + response.body());
        }
        return event;
    }

    /** A GET as the operator. */
    protected HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * Sends the request as the operator: with the operator credential ({@link TestOperator}) unless it carries an
     * {@code Authorization} of its own. The operator APIs ({@code /api/**}) ask it.
     */
    protected HttpResponse<String> exchange(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return anonymous(request);
        }
        return anonymous(HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", TestOperator.AUTHORIZATION).build());
    }

    /** Sends the request as it is, without the operator credential. */
    protected HttpResponse<String> anonymous(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return EventJson.MAPPER.readTree(response.body());
    }

    /** The event log entry of an event, once it passes the check. */
    protected JsonNode logged(CloudEvent event, Predicate<JsonNode> until) {
        String path = "/api/events?correlationkey="
                + URLEncoder.encode(String.valueOf(event.getExtension(SaleEvents.CORRELATION_KEY)), StandardCharsets.UTF_8);
        return Waiting.until(() -> {
            for (JsonNode entry : json(path)) {
                if (entry.path("attributes").path("id").asString().equals(event.getId()) && until.test(entry)) {
                    return entry;
                }
            }
            return null;
        }, TIMEOUT, "event " + event.getId() + " in the log in the expected state");
    }

    /** The event log entry of an event once its every delivery is finished. */
    protected JsonNode settled(CloudEvent event) {
        return logged(event, entry -> {
            for (JsonNode delivery : entry.path("deliveries")) {
                String status = delivery.path("status").asString();
                if (status.equals("PENDING") || status.equals("RETRYING")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The dead letter of an event, once the broker's dead letter endpoint got it. */
    protected JsonNode deadLetter(CloudEvent event) {
        return Waiting.until(() -> {
            for (JsonNode letter : json("/api/dead-letters?limit=1000")) {
                if (letter.path("attributes").path("id").asString().equals(event.getId())) {
                    return letter;
                }
            }
            return null;
        }, TIMEOUT, "dead letter " + event.getId());
    }

    protected double count(String meter, String... tags) {
        Counter counter = meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
