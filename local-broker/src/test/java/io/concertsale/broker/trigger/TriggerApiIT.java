package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TriggerApiIT extends BrokerIntegrationSupport {

    private static String manifest(String name, String type, String subscriber) {
        return """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: %s
                spec:
                  broker: default
                  filter:
                    attributes:
                      type: %s
                  subscriber:
                    ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: %s}
                    uri: /runtime
                """.formatted(name, type, subscriber);
    }

    private HttpResponse<String> put(String name, String body, String contentType) {
        return exchange(HttpRequest.newBuilder(uri("/api/triggers/" + name)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> delete(String name) {
        return exchange(HttpRequest.newBuilder(uri("/api/triggers/" + name)).DELETE().build());
    }

    @Test
    void listsTheTriggersOfThisBrokerWithResolvedSubscribers() {
        JsonNode triggers = json("/api/triggers");

        assertThat(triggers).extracting(trigger -> trigger.path("name").asString())
                .contains("alpha-filtered", "beta-eu", "flaky-exponential", "inherits")
                .doesNotContain("other-broker");
        JsonNode filtered = json("/api/triggers/alpha-filtered");
        assertThat(filtered.path("filter").path("type").asString()).isEqualTo("test.Filtered");
        assertThat(filtered.path("subscriber").path("ref").path("name").asString()).isEqualTo("alpha");
        assertThat(filtered.path("subscriber").path("resolved").asString()).isEqualTo(ALPHA.uri() + "/events");
        assertThat(filtered.path("origin").asString()).endsWith("test-triggers/200-triggers.yaml");
        JsonNode exponential = json("/api/triggers/flaky-exponential").path("delivery");
        assertThat(exponential.path("retry").asInt()).isEqualTo(3);
        assertThat(exponential.path("backoffPolicy").asString()).isEqualTo("exponential");
        assertThat(exponential.path("backoffDelay").asString()).isEqualTo("PT0.1S");
        assertThat(exponential.path("deadLetterSink").path("resolved").asString())
                .isEqualTo(uri("/dead-letters").toString());
        assertThat(json("/api/triggers/nowhere").path("subscriber").path("problem").asString())
                .contains("broker.subscribers.nowhere");
    }

    @Test
    void listsTheSubscriberAddresses() {
        JsonNode addresses = json("/api/subscribers");

        assertThat(addresses.path("alpha").asString()).isEqualTo(ALPHA.uri().toString());
        assertThat(addresses.path("dead-letter-sink").asString()).isEqualTo("/dead-letters");
        assertThat(addresses.has("nowhere")).isFalse();
    }

    @Test
    void putAddsAndReplacesATriggerAndDeleteRemovesIt() {
        String key = key();

        HttpResponse<String> created = put("runtime-route", manifest("runtime-route", "test.Runtime", "alpha"),
                "application/yaml");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/triggers/runtime-route");
        assertThat(created.body()).contains("\"origin\":\"api\"");
        CloudEvent toAlpha = send(event("test.Runtime", key));
        assertThat(ALPHA.await(toAlpha.getId(), 1, TIMEOUT).getFirst().path()).isEqualTo("/runtime");

        String asJson = """
                {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": "runtime-route"},
                 "spec": {"broker": "default", "filter": {"attributes": {"type": "test.Runtime"}},
                          "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                                                 "name": "beta"}, "uri": "/runtime"}}}
                """;
        assertThat(put("runtime-route", asJson, "application/json").statusCode()).isEqualTo(200);
        CloudEvent toBeta = send(event("test.Runtime", key));
        assertThat(BETA.await(toBeta.getId(), 1, TIMEOUT)).hasSize(1);
        assertThat(ALPHA.requests(toBeta.getId())).isEmpty();

        assertThat(delete("runtime-route").statusCode()).isEqualTo(204);
        CloudEvent unrouted = send(event("test.Runtime", key));
        assertThat(settled(unrouted).path("deliveries")).isEmpty();
        assertThat(get("/api/triggers/runtime-route").statusCode()).isEqualTo(404);
        HttpResponse<String> again = delete("runtime-route");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("urn:concertsale:problem:unknown-trigger");
    }

    @Test
    void theSubscribersAudienceIsTakenAndShownAndABlankOneIsRefused() {
        String json = """
                {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": "audience-route"},
                 "spec": {"broker": "default", "filter": {"attributes": {"type": "test.Audience"}},
                          "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                                                 "name": "beta"}, "uri": "/audience", "audience": "beta-service"}}}
                """;

        HttpResponse<String> created = put("audience-route", json, "application/json");
        HttpResponse<String> blank = put("blank-audience", json.replace("audience-route", "blank-audience")
                .replace("\"beta-service\"", "\" \""), "application/json");
        HttpResponse<String> notAString = put("number-audience", json.replace("audience-route", "number-audience")
                .replace("\"beta-service\"", "7"), "application/json");

        try {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json("/api/triggers/audience-route").path("subscriber").path("audience").asString())
                    .isEqualTo("beta-service");
            CloudEvent event = send(event("test.Audience", key()));
            assertThat(BETA.await(event.getId(), 1, TIMEOUT).getFirst().header("Authorization")).startsWith("Bearer ");
            for (HttpResponse<String> refused : List.of(blank, notAString)) {
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.body()).contains("urn:concertsale:problem:invalid-trigger")
                        .contains("spec.subscriber.audience must be a non-blank string");
            }
            assertThat(get("/api/triggers/blank-audience").statusCode()).isEqualTo(404);
            assertThat(json("/api/triggers/alpha-filtered").path("subscriber").has("audience")).isFalse();
        } finally {
            delete("audience-route");
        }
    }

    @Test
    void misspelledFieldIsRejectedAndChangesNothing() {
        String misspelled = manifest("typo-route", "test.Typo", "alpha").replace("subscriber:", "subscribr:");

        HttpResponse<String> response = put("typo-route", misspelled, "application/yaml");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:concertsale:problem:invalid-trigger").contains("spec.subscribr");
        assertThat(get("/api/triggers/typo-route").statusCode()).isEqualTo(404);
    }

    @Test
    void triggerOfAnotherBrokerOrUnderAnotherNameIsRejected() {
        HttpResponse<String> otherBroker = put("elsewhere",
                manifest("elsewhere", "test.Else", "alpha").replace("broker: default", "broker: other"), "text/yaml");
        HttpResponse<String> otherName = put("renamed", manifest("original", "test.Else", "alpha"), "text/yaml");

        assertThat(otherBroker.statusCode()).isEqualTo(400);
        assertThat(otherBroker.body()).contains("this broker is 'default'");
        assertThat(otherName.statusCode()).isEqualTo(400);
        assertThat(otherName.body()).contains("'original'").contains("'renamed'");
    }
}
