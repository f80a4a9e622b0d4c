package io.concertsale.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.broker.test.TestSubscriber.Answer;
import io.concertsale.broker.trigger.Subscribers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DeliveryIT extends BrokerIntegrationSupport {

    @Autowired
    Subscribers subscribers;

    private static List<Long> gapsInMillis(List<TestSubscriber.Request> requests) {
        return java.util.stream.IntStream.range(1, requests.size())
                .mapToObj(i -> Duration.ofNanos(requests.get(i).nanos() - requests.get(i - 1).nanos()).toMillis())
                .toList();
    }

    @Test
    void exponentialBackoffRetriesUntilTheSubscriberTakesTheEvent() {
        CloudEvent event = event("test.Exponential", key());
        FLAKY.script(event.getId(), Answer.status(503), Answer.status(503), Answer.status(503));

        send(event);

        List<TestSubscriber.Request> attempts = FLAKY.await(event.getId(), 4, TIMEOUT);
        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
        List<Long> gaps = gapsInMillis(attempts);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(200);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(400);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(800);
        assertThat(FLAKY.requests(event.getId())).hasSize(4);
    }

    @Test
    void linearBackoffWaitsLongerByTheDelayEachTime() {
        CloudEvent event = event("test.Linear", key());
        FLAKY.script(event.getId(), Answer.status(500), Answer.status(502), Answer.status(504));

        send(event);

        List<TestSubscriber.Request> attempts = FLAKY.await(event.getId(), 4, TIMEOUT);
        assertThat(attempts).extracting(TestSubscriber.Request::path).containsOnly("/linear");
        List<Long> gaps = gapsInMillis(attempts);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(100);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(200);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(300);
        assertThat(settled(event).path("deliveries").get(0).path("status").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void badRequestIsNotRetriedAndGoesStraightToTheDeadLetterSinkWithKnativeErrorExtensions() {
        CloudEvent event = event("test.Status", key());
        FLAKY.script(event.getId(), Answer.status(400, "{\"detail\":\"unknown type\"}"));

        send(event);

        TestSubscriber.Request letter = RECORDER.await(event.getId(), 1, TIMEOUT).getFirst();
        assertThat(letter.path()).isEqualTo("/dead");
        assertThat(letter.event().getExtension("knativeerrorcode")).hasToString("400");
        assertThat(letter.event().getExtension("knativeerrordest")).hasToString(FLAKY.uri() + "/statuses");
        assertThat(new String(Base64.getDecoder().decode(letter.event().getExtension("knativeerrordata").toString()),
                StandardCharsets.UTF_8)).isEqualTo("{\"detail\":\"unknown type\"}");
        assertThat(letter.event().getData().toBytes()).isEqualTo(event.getData().toBytes());
        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(400);
        assertThat(FLAKY.requests(event.getId())).hasSize(1);
    }

    @Test
    void notFoundTooManyRequestsAndUnavailableAreRetried() {
        CloudEvent event = event("test.Status", key());
        FLAKY.script(event.getId(), Answer.status(404), Answer.status(429), Answer.status(503));

        send(event);

        assertThat(FLAKY.await(event.getId(), 4, TIMEOUT)).hasSize(4);
        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
        assertThat(RECORDER.requests(event.getId())).isEmpty();
    }

    @Test
    void eventGoesToTheDeadLetterSinkAfterTheLastRetry() {
        CloudEvent event = event("test.Exponential", key());
        FLAKY.script(event.getId(), Answer.status(503), Answer.status(503), Answer.status(503), Answer.status(503));
        double before = count(BrokerMetrics.DEAD_LETTERED, "trigger", "flaky-exponential");

        send(event);

        JsonNode letter = deadLetter(event);
        assertThat(letter.path("attributes").path("knativeerrorcode").asInt()).isEqualTo(503);
        assertThat(letter.path("attributes").path("knativeerrordest").asString()).isEqualTo(FLAKY.uri() + "/exponential");
        assertThat(letter.path("data").path("quantity").asInt()).isEqualTo(2);
        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.path("deadLetterSink").asString()).isEqualTo(uri("/dead-letters").toString());
        assertThat(count(BrokerMetrics.DEAD_LETTERED, "trigger", "flaky-exponential")).isEqualTo(before + 1);
        assertThat(count(BrokerMetrics.RETRIED, "trigger", "flaky-exponential")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void eventWithoutDeadLetterSinkIsCountedAsLost() {
        CloudEvent event = event("test.Lost", key());
        FLAKY.script(event.getId(), Answer.status(503), Answer.status(503));
        double before = count(BrokerMetrics.LOST, "trigger", "flaky-no-sink", "reason", "no-dead-letter-sink");

        send(event);

        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("LOST");
        assertThat(delivery.path("lastError").asString()).contains("HTTP 503").contains("no dead letter sink");
        assertThat(count(BrokerMetrics.LOST, "trigger", "flaky-no-sink", "reason", "no-dead-letter-sink"))
                .isEqualTo(before + 1);
    }

    @Test
    void subscriberThatIsDownAndComesBackWithinTheRetryWindowGetsTheEvent() {
        int port = freePort();
        subscribers.register("comeback", URI.create("http://127.0.0.1:" + port));
        CloudEvent event = send(event("test.Comeback", key()));

        logged(event, entry -> entry.path("deliveries").get(0).path("attempts").asInt() >= 1);
        try (TestSubscriber comeback = TestSubscriber.start(port)) {
            comeback.await(event.getId(), 1, TIMEOUT);

            JsonNode delivery = settled(event).path("deliveries").get(0);
            assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.path("attempts").asInt()).isGreaterThan(1);
        }
    }

    @Test
    void unresolvableRefIsRetriedAndThenDeadLettered() {
        CloudEvent event = send(event("test.Nowhere", key()));

        JsonNode letter = deadLetter(event);

        assertThat(letter.path("attributes").path("knativeerrordest").asString()).isEqualTo("Service/nowhere");
        assertThat(letter.path("attributes").has("knativeerrorcode")).isFalse();
        JsonNode delivery = settled(event).path("deliveries").get(0);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.path("lastError").asString()).contains("broker.subscribers.nowhere");
    }

    @Test
    void triggerWithoutDeliveryUsesTheBrokersDeliverySpec() {
        CloudEvent event = event("test.Inherit", key());
        FLAKY.script(event.getId(), Answer.status(503), Answer.status(503));

        send(event);

        deadLetter(event);
        assertThat(FLAKY.requests(event.getId())).hasSize(2);
        JsonNode trigger = json("/api/triggers/inherits");
        assertThat(trigger.path("delivery").path("from").asString()).isEqualTo("broker");
        assertThat(trigger.path("delivery").path("retry").asInt()).isEqualTo(1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
