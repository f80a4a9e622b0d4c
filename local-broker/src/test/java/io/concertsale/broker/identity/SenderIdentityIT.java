package io.concertsale.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.BrokerIntegrationSupport;
import io.concertsale.broker.test.ProducerTokens;
import io.concertsale.broker.test.TestSubscriber;
import io.concertsale.eventkit.test.CloudEventRequests;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

/**
 * The broker's roles in sender identity, over real HTTP: it refuses events without a valid token (401) and events
 * their sender may not produce (403) and keeps nothing of them; it publishes its issuer's keys; its deliveries carry a
 * token of the Trigger for the subscriber's audience.
 */
class SenderIdentityIT extends BrokerIntegrationSupport {

    private static final String UNAUTHORIZED = "urn:concertsale:problem:unauthorized";
    private static final String FORBIDDEN = "urn:concertsale:problem:forbidden";

    @Test
    void anEventWithoutAValidTokenIsRefused401AndNothingIsKept() {
        String key = key();
        CloudEvent event = event("test.Filtered", key);
        TokenIssuer stranger = new TokenIssuer(TokenIssuer.generateKey(), issuer.issuer(), "concert-sale", "default",
                Duration.ofHours(1), Clock.systemUTC());
        String subject = issuer.producerSubject(ProducerTokens.TEST_PRODUCER);
        double refusedBefore = count("broker.events.rejected", "reason", "unauthorized");
        double acceptedBefore = count("broker.events.accepted", "origin", "ingress");

        HttpResponse<String> none = CloudEventRequests.binary(ingress(), event);
        HttpResponse<String> garbage = CloudEventRequests.binary(ingress(), event, "Bearer not.a.token");
        HttpResponse<String> basic = CloudEventRequests.binary(ingress(), event, "Basic dXNlcjpwYXNz");
        HttpResponse<String> otherKey = CloudEventRequests.binary(ingress(), event,
                "Bearer " + stranger.issue(subject, issuer.brokerAudience(), Duration.ofHours(1)));
        HttpResponse<String> expired = CloudEventRequests.binary(ingress(), event,
                "Bearer " + issuer.at(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                        .issue(subject, issuer.brokerAudience(), Duration.ofHours(1)));
        HttpResponse<String> wrongAudience = CloudEventRequests.binary(ingress(), event,
                "Bearer " + issuer.issue(subject, "tickets-service", Duration.ofHours(1)));
        TokenIssuer otherIssuer = new TokenIssuer(TokenIssuer.generateKey(), "http://elsewhere.example", "concert-sale",
                "default", Duration.ofHours(1), Clock.systemUTC());
        HttpResponse<String> wrongIssuer = CloudEventRequests.binary(ingress(), event,
                "Bearer " + otherIssuer.issue(subject, issuer.brokerAudience(), Duration.ofHours(1)));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.body()).contains(UNAUTHORIZED);
        assertThat(basic.statusCode()).isEqualTo(401);
        for (HttpResponse<String> response : List.of(garbage, otherKey, expired, wrongAudience, wrongIssuer)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(response.body()).contains(UNAUTHORIZED);
        }
        assertThat(count("broker.events.rejected", "reason", "unauthorized") - refusedBefore).isEqualTo(7);
        assertThat(count("broker.events.accepted", "origin", "ingress")).as("taken into the delivery log")
                .isEqualTo(acceptedBefore);
        assertNothingKept(event);
    }

    @Test
    void aProducerMaySendOnlyTheTypesItsEventPolicyLists() {
        String key = key();
        CloudEvent notTheTicketsServices = event("Payments.MoneyTransferAccepted", key);
        CloudEvent unknownProducer = event("Sale.Opened", key);
        double refusedBefore = count("broker.events.rejected", "reason", "forbidden");
        double acceptedBefore = count("broker.events.accepted", "origin", "ingress");

        HttpResponse<String> forbidden = CloudEventRequests.binary(ingress(), notTheTicketsServices,
                ProducerTokens.bearer(issuer, "tickets-service"));
        HttpResponse<String> noPolicy = CloudEventRequests.binary(ingress(), unknownProducer,
                ProducerTokens.bearer(issuer, "not-a-producer"));

        for (HttpResponse<String> response : List.of(forbidden, noPolicy)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains(FORBIDDEN);
        }
        assertThat(forbidden.body()).contains(issuer.producerSubject("tickets-service"))
                .contains("Payments.MoneyTransferAccepted");
        assertThat(count("broker.events.rejected", "reason", "forbidden") - refusedBefore).isEqualTo(2);
        assertThat(count("broker.events.accepted", "origin", "ingress")).as("taken into the delivery log")
                .isEqualTo(acceptedBefore);
        assertNothingKept(notTheTicketsServices);
        assertNothingKept(unknownProducer);

        CloudEvent saleOpened = event("Sale.Opened", key);
        CloudEvent transferAccepted = event("Payments.MoneyTransferAccepted", key);
        assertThat(CloudEventRequests.binary(ingress(), saleOpened, ProducerTokens.bearer(issuer, "frontend-gateway"))
                .statusCode()).isEqualTo(202);
        assertThat(CloudEventRequests.binary(ingress(), transferAccepted,
                ProducerTokens.bearer(issuer, "payments-service")).statusCode()).isEqualTo(202);
        assertThat(json("/api/events?correlationkey=" + key).valueStream()
                .map(entry -> entry.path("attributes").path("id").asString()))
                .containsExactlyInAnyOrder(saleOpened.getId(), transferAccepted.getId());
    }

    @Test
    void theIssuerPublishesItsDiscoveryDocumentAndKeysWithoutCredentials() {
        HttpResponse<String> discovery = anonymous(HttpRequest.newBuilder(uri("/.well-known/openid-configuration"))
                .GET().build());
        HttpResponse<String> keys = anonymous(HttpRequest.newBuilder(uri("/openid/v1/jwks")).GET().build());

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode configuration = json("/.well-known/openid-configuration");
        assertThat(issuer.issuer()).isEqualTo("http://localhost:" + port);
        assertThat(configuration.path("issuer").asString()).isEqualTo(issuer.issuer());
        assertThat(configuration.path("jwks_uri").asString()).isEqualTo(issuer.issuer() + "/openid/v1/jwks");
        assertThat(configuration.path("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");
        assertThat(configuration.has("response_types_supported")).isTrue();
        assertThat(configuration.has("subject_types_supported")).isTrue();
        assertThat(keys.statusCode()).isEqualTo(200);
        JsonNode key = json("/openid/v1/jwks").path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.path("kid").asString()).isEqualTo(issuer.keyId());
        assertThat(key.has("d")).as("no private part").isFalse();
        assertThat(key.has("p")).isFalse();
    }

    @Test
    void aDeliveryToASubscriberWithAnAudienceCarriesATokenOfItsTriggerThatVerifiesAgainstThePublishedKeys() {
        CloudEvent identified = send(event("test.Identified", key()));
        CloudEvent plain = send(event("test.Filtered", key()));

        TestSubscriber.Request delivered = ALPHA.await(identified.getId(), 1, TIMEOUT).getFirst();
        TestSubscriber.Request withoutAudience = ALPHA.await(plain.getId(), 1, TIMEOUT).getFirst();

        assertThat(delivered.path()).isEqualTo("/identified");
        String authorization = delivered.header("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        String jwksUri = json("/.well-known/openid-configuration").path("jwks_uri").asString();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new JwtIssuerValidator(issuer.issuer()),
                new JwtClaimValidator<List<String>>("aud", audience -> audience.equals(List.of("alpha-service")))));
        Jwt jwt = decoder.decode(authorization.substring(7));
        assertThat(jwt.getSubject()).isEqualTo(
                "system:serviceaccount:concert-sale:alpha-identified-oidc-eventing.knative.dev-trigger");
        assertThat(jwt.getHeaders()).containsEntry("kid", issuer.keyId()).containsEntry("alg", "RS256");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(withoutAudience.header("Authorization")).as("no audience, no token").isNull();
        assertThat(json("/api/triggers/alpha-identified").path("subscriber").path("audience").asString())
                .isEqualTo("alpha-service");
    }

    @Test
    void everyTryCarriesTheTriggersTokenAndTheDeadLetterNone() {
        CloudEvent event = event("test.IdentifiedFailure", key());
        FLAKY.script(event.getId(), TestSubscriber.Answer.status(500), TestSubscriber.Answer.status(500));

        send(event);

        List<TestSubscriber.Request> tries = FLAKY.await(event.getId(), 2, TIMEOUT);
        TestSubscriber.Request letter = RECORDER.await(event.getId(), 1, TIMEOUT).getFirst();
        String expected = issuer.triggerSubject("flaky-identified");
        for (TestSubscriber.Request attempt : tries) {
            String authorization = attempt.header("Authorization");
            assertThat(authorization).startsWith("Bearer ");
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.issuer() + "/openid/v1/jwks").build();
            Jwt jwt = decoder.decode(authorization.substring(7));
            assertThat(jwt.getSubject()).isEqualTo(expected);
            assertThat(jwt.getAudience()).containsExactly("flaky-service");
        }
        assertThat(tries.get(1).header("Authorization")).as("one token per Trigger and audience, reused")
                .isEqualTo(tries.get(0).header("Authorization"));
        assertThat(letter.path()).isEqualTo("/dead");
        assertThat(letter.header("Authorization")).as("dead letters carry no token").isNull();
    }

    /** Neither in the event log, nor in the delivery log, nor at any subscriber. */
    private void assertNothingKept(CloudEvent event) {
        assertThat(json("/api/events?limit=10000").valueStream()
                .map(entry -> entry.path("attributes").path("id").asString())).doesNotContain(event.getId());
        for (TestSubscriber subscriber : List.of(ALPHA, BETA, FLAKY, RECORDER)) {
            assertThat(subscriber.requests(event.getId())).isEmpty();
        }
    }
}
