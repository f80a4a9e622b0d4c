package io.concertsale.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.test.ProducerTokens;
import io.concertsale.broker.test.Waiting;
import io.concertsale.eventkit.http.CloudEventHttp;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.TestOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as its own process, killed with SIGKILL at the worst moments and started again on the same data
 * folder: every event it accepted with 202 still reaches its subscriber, and is taken there exactly once.
 */
class BrokerCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path data;
    private final int port = freePort();
    private final int subscriberPort = freePort();
    private final List<Process> brokers = new ArrayList<>();
    private HttpServer subscriber;

    /** What the subscriber got: the ids it answered 202 to, and whether it holds requests without answering. */
    private final Queue<String> taken = new ConcurrentLinkedQueue<>();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile CountDownLatch held = new CountDownLatch(1);

    @AfterEach
    void stop() {
        brokers.forEach(Process::destroyForcibly);
        hold.countDown();
        if (subscriber != null) {
            subscriber.stop(0);
        }
    }

    @Test
    void anEventAcceptedWhileItsDeliveryWasInFlightArrivesOnceAfterTheBrokerIsKilledAndStartedAgain()
            throws Exception {
        startSubscriber();
        hold = new CountDownLatch(1);
        Process broker = startBroker();
        CloudEvent event = event();

        assertThat(CloudEventRequests.binary(ingress(), event, producer()).statusCode()).isEqualTo(202);
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the delivery reached the subscriber, which holds it").isTrue();
        kill(broker);
        hold.countDown();

        startBroker();

        Waiting.until(() -> taken.contains(event.getId()) ? true : null, TIMEOUT, "the event taken after the restart");
        awaitNothingPending();
        assertThat(taken).containsExactly(event.getId());
        assertThat(received).as("tried once before the kill, once after").containsExactly(event.getId(), event.getId());
    }

    @Test
    void anEventAcceptedWhileItsSubscriberWasDownArrivesOnceAfterTheBrokerIsKilledAndStartedAgain() throws Exception {
        Process broker = startBroker();
        CloudEvent event = event();

        assertThat(CloudEventRequests.binary(ingress(), event, producer()).statusCode()).isEqualTo(202);
        kill(broker);
        startSubscriber();

        startBroker();

        Waiting.until(() -> taken.contains(event.getId()) ? true : null, TIMEOUT, "the event taken after the restart");
        awaitNothingPending();
        assertThat(taken).containsExactly(event.getId());
    }

    @Test
    void aTriggerPutThroughTheApiKeepsDeliveringAfterTheBrokerIsKilledAndStartedAgain() throws Exception {
        startSubscriber();
        Process broker = startBroker();
        String manifest = """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: added-at-runtime
                spec:
                  broker: default
                  filter:
                    attributes:
                      type: test.AddedAtRuntime
                  subscriber:
                    ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: survivor}
                    uri: /events
                """;
        HttpResponse<String> put = CLIENT.send(HttpRequest.newBuilder(base().resolve("/api/triggers/added-at-runtime"))
                .header("Content-Type", "application/yaml").header("Authorization", TestOperator.AUTHORIZATION)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);
        kill(broker);

        startBroker();
        CloudEvent event = CloudEventBuilder.v1(event()).withType("test.AddedAtRuntime").build();
        assertThat(CloudEventRequests.binary(ingress(), event, producer()).statusCode()).isEqualTo(202);

        Waiting.until(() -> taken.contains(event.getId()) ? true : null, TIMEOUT, "the event of the runtime Trigger");
    }

    private static CloudEvent event() {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("urn:test:crash"))
                .withType("test.Survivor").withDataContentType("application/json")
                .withData("{\"survives\":true}".getBytes(StandardCharsets.UTF_8)).build();
    }

    private Process startBroker() throws IOException {
        Path log = data.resolve("broker-" + brokers.size() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalBrokerApplication.class.getName(),
                "--server.port=" + port,
                "--sale.data-dir=" + data,
                "--broker.triggers-location=classpath:crash-triggers/*.yaml",
                "--broker.subscribers.survivor=http://127.0.0.1:" + subscriberPort,
                "--broker.identity.key-file=" + keyFile(),
                "--broker.identity.issuer=" + base(),
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        brokers.add(process);
        Waiting.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("The broker stopped at start; see " + log);
            }
            return status("/actuator/health") == 200 ? true : null;
        }, TIMEOUT, "the broker serving on port " + port);
        return process;
    }

    /** The broker's signing key, the same across its restarts, so that the test's producer token stays valid. */
    private Path keyFile() {
        return data.resolve("broker-key.json");
    }

    /** {@code Authorization} of a producer, signed with the broker's key file as the broker itself signs. */
    private String producer() {
        TokenIssuer issuer = new TokenIssuer(TokenIssuer.keyFile(keyFile()), base().toString(), "concert-sale",
                "default", Duration.ofHours(1), Clock.systemUTC());
        return ProducerTokens.bearer(issuer);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing the broker could do on its way out. */
    private static void kill(Process broker) throws InterruptedException {
        broker.destroyForcibly();
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(broker.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    private void awaitNothingPending() {
        Waiting.until(() -> {
            String body = get("/actuator/metrics/broker.log.pending.events");
            return body.contains("\"value\":0.0") ? true : null;
        }, TIMEOUT, "no delivery left in the broker's log");
    }

    private void startSubscriber() throws IOException {
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", subscriberPort), 0);
        subscriber.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        subscriber.createContext("/", this::handle);
        subscriber.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            CloudEvent event = CloudEventHttp.read(Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(event.getId());
            if (hold.getCount() > 0) {
                held.countDown();
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            taken.add(event.getId());
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private URI ingress() {
        return base().resolve("/default/default");
    }

    private int status(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(base().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private String get(String path) {
        try {
            // the metrics are an operator endpoint: the credential every part a test starts is given
            return CLIENT.send(HttpRequest.newBuilder(base().resolve(path)).GET()
                    .header("Authorization", TestOperator.AUTHORIZATION).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
