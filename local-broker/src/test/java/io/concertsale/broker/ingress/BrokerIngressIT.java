package io.concertsale.broker.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.events.EventJson;
import io.concertsale.eventkit.test.CloudEventRequests;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BrokerIngressIT extends BrokerIntegrationSupport {

    @Test
    void binaryEventIsAcceptedAndDeliveredUnchangedToTheMatchingTriggerOnly() {
        String key = key();
        CloudEvent event = event("test.Filtered", key);

        HttpResponse<String> response = CloudEventRequests.binary(ingress(), event, producer());

        assertThat(response.statusCode()).isEqualTo(202);
        TestSubscriber.Request delivered = ALPHA.await(event.getId(), 1, TIMEOUT).getFirst();
        assertThat(delivered.path()).isEqualTo("/events");
        assertThat(delivered.event()).isEqualTo(event);
        assertThat(delivered.header("ce-correlationkey")).isEqualTo(key);
        assertThat(delivered.header("content-type")).isEqualTo("application/json");
        JsonNode logged = settled(event);
        assertThat(logged.path("deliveries")).singleElement().satisfies(delivery -> {
            assertThat(delivery.path("trigger").asString()).isEqualTo("alpha-filtered");
            assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        });
        assertThat(BETA.requests(event.getId())).isEmpty();
    }

    @Test
    void structuredEventIsAcceptedAndDeliveredInBinaryMode() {
        CloudEvent event = event("test.Filtered", key());

        HttpResponse<String> response = CloudEventRequests.structured(ingress(), event, producer());

        assertThat(response.statusCode()).isEqualTo(202);
        TestSubscriber.Request delivered = ALPHA.await(event.getId(), 1, TIMEOUT).getFirst();
        assertThat(delivered.header("ce-id")).isEqualTo(event.getId());
        assertThat(delivered.header("ce-type")).isEqualTo("test.Filtered");
        assertThat(delivered.event().getData().toBytes()).isEqualTo(event.getData().toBytes());
    }

    @Test
    void triggerWithJsonFormatGetsTheEventStructured() {
        CloudEvent event = send(event("test.Structured", key()));

        TestSubscriber.Request delivered = ALPHA.await(event.getId(), 1, TIMEOUT).getFirst();

        assertThat(delivered.path()).isEqualTo("/structured");
        assertThat(delivered.header("content-type")).startsWith("application/cloudevents+json");
        assertThat(delivered.header("ce-id")).isNull();
        assertThat(delivered.event().getId()).isEqualTo(event.getId());
        assertThat(delivered.event().getExtension("correlationkey")).isEqualTo(event.getExtension("correlationkey"));
        assertThat(EventJson.MAPPER.readTree(delivered.event().getData().toBytes()))
                .isEqualTo(EventJson.MAPPER.readTree(event.getData().toBytes()));
    }

    @Test
    void extensionFilterMatchesExactly() {
        String key = key();
        CloudEvent europe = send(CloudEventBuilder.v1(event("test.Regional", key)).withExtension("region", "eu").build());
        CloudEvent america = send(CloudEventBuilder.v1(event("test.Regional", key)).withExtension("region", "us").build());
        CloudEvent nowhere = send(event("test.Regional", key));

        assertThat(BETA.await(europe.getId(), 1, TIMEOUT).getFirst().path()).isEqualTo("/regional");
        assertThat(settled(america).path("deliveries")).isEmpty();
        assertThat(settled(nowhere).path("deliveries")).isEmpty();
        assertThat(BETA.requests(america.getId())).isEmpty();
        assertThat(BETA.requests(nowhere.getId())).isEmpty();
    }

    @Test
    void brokerTakesAnyTypeAndDataWithoutLookingIntoThem() {
        CloudEvent event = CloudEventBuilder.v1().withId("any-" + key()).withSource(URI.create("urn:elsewhere"))
                .withType("Not.InTheCatalog").withDataContentType("text/plain")
                .withData("not json".getBytes(StandardCharsets.UTF_8)).build();

        HttpResponse<String> response = CloudEventRequests.binary(ingress(), event, producer());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode logged = json("/api/events?type=Not.InTheCatalog").get(0);
        assertThat(logged.path("attributes").path("id").asString()).isEqualTo(event.getId());
        assertThat(logged.path("data").asString()).isEqualTo("not json");
        assertThat(logged.path("deliveries")).isEmpty();
    }

    @Test
    void requestThatIsNotACloudEventIsRejectedWithProblemDetailsAndNothingHappens() {
        HttpResponse<String> plainJson = CloudEventRequests.raw(ingress(), "{\"type\":\"test.Filtered\"}",
                "Content-Type", "application/json", "Authorization", producer());
        HttpResponse<String> missingSource = CloudEventRequests.raw(ingress(), "{}",
                "Content-Type", "application/json", "ce-specversion", "1.0", "ce-id", "no-source",
                "ce-type", "test.Filtered", "Authorization", producer());
        HttpResponse<String> brokenStructured = CloudEventRequests.raw(ingress(), "{\"specversion\":\"1.0\",\"id\":",
                "Content-Type", "application/cloudevents+json", "Authorization", producer());

        for (HttpResponse<String> response : List.of(plainJson, missingSource, brokenStructured)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("urn:concertsale:problem:malformed-event");
        }
        assertThat(json("/api/events?limit=10000").valueStream()
                .map(entry -> entry.path("attributes").path("id").asString())).doesNotContain("no-source");
        assertThat(ALPHA.requests("no-source")).isEmpty();
    }

    @Test
    void unknownBrokerPathIsNotFound() {
        CloudEvent event = event("test.Filtered", key());

        for (URI other : List.of(uri("/default/other"), uri("/sale/default"))) {
            HttpResponse<String> response = CloudEventRequests.binary(other, event);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("urn:concertsale:problem:unknown-broker").contains("default/default");
        }
        assertThat(json("/api/events?correlationkey=" + event.getExtension("correlationkey"))).isEmpty();
    }
}
