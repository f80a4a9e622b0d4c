package io.concertsale.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.config.BrokerProperties.AuthorizationMode;
import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import io.concertsale.eventkit.identity.SenderVerifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The issuer, the verifier with its memory of verified tokens, the delivery tokens and the ingress's decisions. */
class TokensTest {

    private static final String ISSUER = "http://127.0.0.1:8090";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final TokenIssuer issuer = new TokenIssuer(TokenIssuer.generateKey(), ISSUER, "concert-sale", "default",
            Duration.ofHours(1), clock);

    private final AtomicInteger decoded = new AtomicInteger();

    @TempDir
    Path folder;

    @Test
    void issuedTokensCarryTheContractsClaimsAndHeader() throws Exception {
        String token = issuer.issue("sub-1", "aud-1", Duration.ofMinutes(10));

        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey().toRSAPublicKey()).build();
        decoder.setJwtValidator(jwt -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
        Jwt jwt = decoder.decode(token);
        assertThat(jwt.getIssuer()).hasToString(ISSUER);
        assertThat(jwt.getSubject()).isEqualTo("sub-1");
        assertThat(jwt.getAudience()).containsExactly("aud-1");
        assertThat(jwt.getIssuedAt()).isEqualTo(clock.instant());
        assertThat(jwt.getExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", issuer.keyId());
        assertThat(issuer.keyId()).isEqualTo(issuer.publicKey().computeThumbprint().toString());
        assertThat(issuer.brokerAudience()).isEqualTo("eventing.knative.dev/broker/concert-sale/default");
        assertThat(issuer.producerSubject("queue-service"))
                .isEqualTo("system:serviceaccount:concert-sale:queue-service-oidc-sources.knative.dev-sinkbinding");
        assertThat(issuer.triggerSubject("queue-service-queue-closed"))
                .isEqualTo("system:serviceaccount:concert-sale:queue-service-queue-closed-oidc-eventing.knative.dev-trigger");
    }

    @Test
    void anIssuerWithoutItsAddressIssuesNothing() {
        TokenIssuer early = new TokenIssuer(TokenIssuer.generateKey(), null, "concert-sale", "default",
                Duration.ofHours(1), clock);

        assertThatThrownBy(() -> early.issue("s", "a")).isInstanceOf(IllegalStateException.class);
        early.issuer(ISSUER);
        assertThat(early.issue("s", "a")).isNotBlank();
    }

    @Test
    void aKeyFileKeepsTheKeyAcrossStarts() throws Exception {
        Path file = folder.resolve("keys/broker.jwk");

        String first = TokenIssuer.keyFile(file).getKeyID();
        String second = TokenIssuer.keyFile(file).getKeyID();

        assertThat(first).isEqualTo(second);
        assertThat(Files.readString(file)).contains("\"d\"");
    }

    @Test
    void theVerifierTakesOnlyTheBrokersOwnValidTokensForItsAudience() {
        SenderVerifier verifier = verifier();
        TokenIssuer stranger = new TokenIssuer(TokenIssuer.generateKey(), ISSUER, "concert-sale", "default",
                Duration.ofHours(1), clock);
        String subject = issuer.producerSubject("tickets-service");

        String valid = issuer.issue(subject, issuer.brokerAudience());
        assertThat(verifier.verify("Bearer " + valid)).isEqualTo(subject);
        assertThatThrownBy(() -> verifier.verify("Bearer " + stranger.issue(subject, issuer.brokerAudience())))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> verifier.verify("Bearer " + issuer.issue(subject, "tickets-service")))
                .hasMessageContaining("audience");
        TokenIssuer elsewhere = issuer.at(clock);
        elsewhere.issuer("http://elsewhere");
        String wrongIssuer = elsewhere.issue(subject, issuer.brokerAudience());
        assertThatThrownBy(() -> verifier.verify("Bearer " + wrongIssuer)).hasMessageContaining("not issued by");
        String expired = issuer.at(Clock.offset(clock, Duration.ofHours(-2))).issue(subject, issuer.brokerAudience());
        assertThatThrownBy(() -> verifier.verify("Bearer " + expired)).hasMessageContaining("expired");
        assertThatThrownBy(() -> verifier.verify("Bearer not-a-jwt"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        decoded.set(0);
        assertThat(verifier.verify("Bearer " + valid)).isEqualTo(subject);
        assertThat(decoded).as("the valid token is remembered").hasValue(0);
        assertThatThrownBy(() -> verifier.verify("Bearer " + expired)).hasMessageContaining("expired");
        assertThat(decoded).as("a refused token is not").hasValue(1);
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresAndTakenWithinTheSkewAndNoLonger() {
        SenderVerifier verifier = verifier();
        String subject = issuer.producerSubject("queue-service");
        String token = issuer.issue(subject, issuer.brokerAudience(), Duration.ofMinutes(10));

        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify("Bearer " + token)).isEqualTo(subject);
        }
        assertThat(decoded).as("checked once, then remembered").hasValue(1);
        clock.advance(Duration.ofMinutes(10).plus(SKEW).minusSeconds(1));
        assertThat(verifier.verify("Bearer " + token)).as("within the skew").isEqualTo(subject);
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> verifier.verify("Bearer " + token)).as("expired, though remembered")
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("expired");
                });
    }

    @Test
    void deliveryTokensAreReusedUntil80PercentOfTheirLifetimeThenRenewed() throws Exception {
        DeliveryTokens tokens = new DeliveryTokens(issuer, clock);

        String first = tokens.forTrigger("tickets-service-sale-opened", "tickets-service");
        clock.advance(Duration.ofMinutes(47));
        String stillFirst = tokens.forTrigger("tickets-service-sale-opened", "tickets-service");
        String otherAudience = tokens.forTrigger("tickets-service-sale-opened", "queue-service");
        String otherTrigger = tokens.forTrigger("queue-service-sale-opened", "tickets-service");
        clock.advance(Duration.ofMinutes(1));
        String renewed = tokens.forTrigger("tickets-service-sale-opened", "tickets-service");

        assertThat(stillFirst).isEqualTo(first);
        assertThat(otherAudience).isNotEqualTo(first);
        assertThat(otherTrigger).isNotEqualTo(first).isNotEqualTo(otherAudience);
        assertThat(renewed).isNotEqualTo(first);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey().toRSAPublicKey()).build();
        decoder.setJwtValidator(jwt -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
        Jwt jwt = decoder.decode(renewed);
        assertThat(jwt.getSubject()).isEqualTo(issuer.triggerSubject("tickets-service-sale-opened"));
        assertThat(jwt.getAudience()).containsExactly("tickets-service");
        assertThat(jwt.getIssuedAt()).isEqualTo(clock.instant());
    }

    @Test
    void theGuardAnswers401WithTheContractsChallenges() {
        IngressGuard guard = new IngressGuard(verifier(), List.of(), "default", "concert-sale",
                AuthorizationMode.ALLOW_SAME_NAMESPACE);

        assertThatThrownBy(() -> guard.authenticate(null)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.slug()).isEqualTo("unauthorized");
            assertThat(e.challenge()).isEqualTo("Bearer");
            assertThat(e.getMessage()).startsWith("The broker takes events from authenticated senders only");
        });
        assertThatThrownBy(() -> guard.authenticate("Bearer ")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.challenge()).isEqualTo("Bearer"));
        assertThatThrownBy(() -> guard.authenticate("Bearer nonsense")).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.slug()).isEqualTo("unauthorized");
                    assertThat(e.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
                    assertThat(e.getMessage()).startsWith("The token is not valid here: ");
                });
        String subject = issuer.producerSubject("queue-service");
        assertThat(guard.authenticate("Bearer " + issuer.issue(subject, issuer.brokerAudience()))).isEqualTo(subject);
        assertThat(guard.authenticate("bearer " + issuer.issue(subject, issuer.brokerAudience()))).isEqualTo(subject);
    }

    @Test
    void withoutAnApplyingPolicyTheDefaultAuthorizationModeDecides() {
        CloudEvent event = event("Anything.Happened");
        EventPolicy elsewhere = new EventPolicy("other-broker", null, List.of("other"), List.of("nobody"), List.of(),
                "test");
        EventPolicy otherNamespace = new EventPolicy("other-ns", "elsewhere", List.of(), List.of("nobody"), List.of(),
                "test");
        String inside = "system:serviceaccount:concert-sale:x";
        String outside = "system:serviceaccount:elsewhere:x";

        IngressGuard sameNamespace = guard(List.of(elsewhere, otherNamespace), AuthorizationMode.ALLOW_SAME_NAMESPACE);
        assertThat(sameNamespace.policies()).isEmpty();
        assertThat(sameNamespace.allowed(inside, event)).isTrue();
        assertThat(sameNamespace.allowed(outside, event)).isFalse();
        assertThat(guard(List.of(), AuthorizationMode.ALLOW_ALL).allowed(outside, event)).isTrue();
        assertThat(guard(List.of(), AuthorizationMode.DENY_ALL).allowed(inside, event)).isFalse();
        assertThatThrownBy(() -> guard(List.of(), AuthorizationMode.DENY_ALL).authorize(inside, event))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.slug()).isEqualTo("forbidden");
                });
    }

    @Test
    void onceAPolicyAppliesOnlyItsSendersAndTypesPass() {
        EventPolicy tickets = new EventPolicy("tickets", null, List.of("default"), List.of("sub:tickets"),
                List.of(new EventFilter.Any(List.of(new EventFilter.Exact("type", "Tickets.Reserved")))), "test");
        EventPolicy router = new EventPolicy("router", null, List.of("default"), List.of("sub:router*"), List.of(),
                "test");
        IngressGuard guard = guard(List.of(tickets, router), AuthorizationMode.ALLOW_ALL);

        assertThat(guard.allowed("sub:tickets", event("Tickets.Reserved"))).isTrue();
        assertThat(guard.allowed("sub:tickets", event("Tickets.Issued"))).isFalse();
        assertThat(guard.allowed("sub:router-2", event("Tickets.Issued"))).isTrue();
        assertThat(guard.allowed("sub:someone", event("Tickets.Reserved")))
                .as("allow-all does not apply once a policy does").isFalse();
    }

    private IngressGuard guard(List<EventPolicy> policies, AuthorizationMode mode) {
        return new IngressGuard(verifier(), policies, "default", "concert-sale", mode);
    }

    /** The broker's verifier of its ingress tokens, as the broker wires it, counting the tokens it decodes. */
    private SenderVerifier verifier() {
        JwtDecoder decoder = issuer.ingressDecoder(clock, SKEW);
        return new SenderVerifier(token -> {
            decoded.incrementAndGet();
            return decoder.decode(token);
        }, List.of(), clock);
    }

    private static CloudEvent event(String type) {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create("urn:test")).withType(type).build();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
