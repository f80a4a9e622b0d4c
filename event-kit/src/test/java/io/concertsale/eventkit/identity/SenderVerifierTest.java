package io.concertsale.eventkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class SenderVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final String TRIGGER = "system:serviceaccount:concert-sale:t-oidc-eventing.knative.dev-trigger";

    private final AtomicInteger decoded = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private JwtDecoder decoder(String subject) {
        return token -> {
            decoded.incrementAndGet();
            if (token.equals("bad")) {
                throw new BadJwtException("signature does not match");
            }
            if (token.equals("unreachable")) {
                throw new JwtException("Couldn't retrieve remote JWK set");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject(subject).issuedAt(NOW)
                    .expiresAt(NOW.plusSeconds(600)).build();
        };
    }

    @Test
    void aTokenIsCheckedOnceAndRememberedOnlyUntilItExpires() {
        SenderVerifier verifier = new SenderVerifier(decoder(TRIGGER), List.of(), clock);

        assertThat(verifier.verify("Bearer abc")).isEqualTo(TRIGGER);
        assertThat(verifier.verify("bearer abc")).isEqualTo(TRIGGER);
        assertThat(decoded).hasValue(1);

        now.set(NOW.plusSeconds(601));
        verifier.verify("Bearer abc");
        assertThat(decoded).as("an expired token is checked again, by the decoder that refuses it").hasValue(2);
    }

    @Test
    void missingOrBadTokensAre401WithTheirChallengeAndAnUnreachableIssuerIs503() {
        SenderVerifier verifier = new SenderVerifier(decoder(TRIGGER), List.of(), clock);

        assertThatThrownBy(() -> verifier.verify(null)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.challenge()).isEqualTo("Bearer");
        });
        assertThatThrownBy(() -> verifier.verify("Basic abc")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> verifier.verify("Bearer bad")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
        });
        assertThatThrownBy(() -> verifier.verify("Bearer unreachable"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
    }

    @Test
    void onlyTheConfiguredSendersMayDeliver() {
        List<String> senders = List.of("system:serviceaccount:concert-sale:*", "system:serviceaccount:ops:replayer");

        assertThat(new SenderVerifier(decoder(TRIGGER), senders, clock).verify("Bearer a")).isEqualTo(TRIGGER);
        assertThat(new SenderVerifier(decoder("system:serviceaccount:ops:replayer"), senders, clock)
                .verify("Bearer a")).isEqualTo("system:serviceaccount:ops:replayer");
        for (String stranger : List.of("system:serviceaccount:ops:replayer2", "system:serviceaccount:concert-sal",
                "system:serviceaccount:other:x")) {
            assertThatThrownBy(() -> new SenderVerifier(decoder(stranger), senders, clock).verify("Bearer a"))
                    .as(stranger).isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.status()).isEqualTo(403));
        }
    }
}
