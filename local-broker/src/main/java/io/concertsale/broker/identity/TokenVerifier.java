package io.concertsale.broker.identity;

import com.nimbusds.jose.JOSEException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies the bearer tokens senders post to the broker's ingress: signed by the broker's own key (RS256), issued by
 * the broker, for the broker's audience, not expired (with a small skew). A producer reuses its token for every event
 * until it renews it, so a verified token is remembered until it expires: the same bytes carry the same signature,
 * only the clock can change the verdict, and every further event pays one map lookup instead of an RSA verification.
 */
public final class TokenVerifier {

    /** Tokens remembered at most; past it the memory starts over (tokens are few: one per producer and hour). */
    static final int REMEMBERED = 10_000;

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Duration clockSkew;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public TokenVerifier(TokenIssuer issuer, Clock clock, Duration clockSkew) {
        this.clock = clock;
        this.clockSkew = clockSkew;
        NimbusJwtDecoder decoder;
        try {
            decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey().toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot use the broker's public key", e);
        }
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> issuerAndAudience = jwt -> {
            if (jwt.getIssuer() == null || !issuer.issuer().equals(jwt.getIssuer().toString())) {
                return failure("The token was not issued by " + issuer.issuer());
            }
            List<String> audiences = jwt.getAudience();
            if (audiences == null || !audiences.contains(issuer.brokerAudience())) {
                return failure("The token is not issued for the audience " + issuer.brokerAudience());
            }
            if (jwt.getExpiresAt() == null) {
                return failure("The token has no expiry");
            }
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                return failure("The token names no subject");
            }
            return OAuth2TokenValidatorResult.success();
        };
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, issuerAndAudience));
        this.decoder = decoder;
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }

    /**
     * The subject of a valid token.
     *
     * @throws InvalidTokenException when the token is not valid here; its message says why
     */
    public String verify(String token) {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.validUntil())) {
                return known.subject();
            }
            verified.remove(token, known);
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt.getSubject(), jwt.getExpiresAt().plus(clockSkew)));
        return jwt.getSubject();
    }

    /** How many verified tokens are remembered. */
    int remembered() {
        return verified.size();
    }

    private record Verified(String subject, Instant validUntil) {
    }

    /** A token that fails verification: bad signature, another issuer or audience, expired, malformed. */
    public static final class InvalidTokenException extends RuntimeException {

        public InvalidTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
