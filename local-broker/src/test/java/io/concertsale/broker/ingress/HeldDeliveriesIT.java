package io.concertsale.broker.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.LocalBrokerApplication;
import io.concertsale.broker.store.EventStore;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.broker.test.Waiting;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.test.ProducerTokens;
import io.concertsale.eventkit.test.CloudEventRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker as the local launcher runs it ({@code broker.delivery.resume-on-start=false}): events the services
 * send while the others still start are accepted, but reach nobody before the launcher resumes the broker.
 */
@SpringBootTest(classes = LocalBrokerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=event-kit,local-broker",
                "broker.triggers-location=classpath:test-triggers/*.yaml",
                "broker.delivery.resume-on-start=false"})
class HeldDeliveriesIT {

    private static final TestSubscriber ALPHA = TestSubscriber.start();
    private static final Path STORAGE = temporaryFolder();

    @LocalServerPort
    int port;

    @Autowired
    private TokenIssuer issuer;

    @Autowired
    Broker broker;

    @Autowired
    EventStore store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("broker.subscribers.alpha", () -> ALPHA.uri().toString());
        registry.add("broker.storage.directory", STORAGE::toString);
    }

    @AfterAll
    static void stopSubscriber() {
        ALPHA.close();
    }

    @Test
    void anEventAcceptedBeforeResumeReachesItsSubscriberOnlyAfterResumeAndOnce() throws InterruptedException {
        // test.Filtered goes to alpha without retries (alpha-filtered): a delivery tried too early would be lost
        CloudEvent event = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("urn:concertsale:test")).withType("test.Filtered")
                .withDataContentType("application/json").withData("{}".getBytes(StandardCharsets.UTF_8)).build();

        HttpResponse<String> accepted = CloudEventRequests.binary(
                URI.create("http://localhost:" + port + "/default/default"), event, ProducerTokens.bearer(issuer));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(store.pendingEvents()).as("in the delivery log").isEqualTo(1);
        Thread.sleep(1_000);
        assertThat(ALPHA.requests(event.getId())).as("delivered before resume").isEmpty();

        broker.resume();

        ALPHA.await(event.getId(), 1, Duration.ofSeconds(10));
        Waiting.until(() -> store.pendingEvents() == 0 ? true : null, Duration.ofSeconds(10), "the delivery done");
        assertThat(ALPHA.requests(event.getId())).as("delivered once, and done").hasSize(1);
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("local-broker-held");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
