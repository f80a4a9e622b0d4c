package io.concertsale.broker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The local broker as OIDC issuer, in the role the cluster's service-account issuer plays for Knative: one RSA key
 * (2048 bits, {@code kid} = its RFC 7638 thumbprint) signs every token (RS256); the public half is published at
 * {@code <issuer>/openid/v1/jwks}. It names the identities of the event plane as Knative does: producers by their
 * SinkBinding, deliveries by their Trigger, the broker's audience by its namespace and name.
 *
 * <p>The local launcher mints each service's producer token with {@link #issue} and {@link #producerSubject}.
 */
public final class TokenIssuer {

    /** Knative's audience prefix of a Broker. */
    public static final String BROKER_AUDIENCE_PREFIX = "eventing.knative.dev/broker/";

    private final RSAKey key;
    private final JwtEncoder encoder;
    private final String namespace;
    private final String brokerName;
    private final Duration tokenLifetime;
    private final Clock clock;
    private volatile String issuer;

    /**
     * @param key the RSA key pair to sign with
     * @param issuer the issuer, or {@code null} until {@link #issuer(String)} tells it (once the broker listens)
     * @param namespace the namespace of the identities and of the broker
     * @param brokerName the broker's name, for its audience
     * @param tokenLifetime the lifetime of {@link #issue(String, String)}'s tokens
     */
    public TokenIssuer(RSAKey key, String issuer, String namespace, String brokerName, Duration tokenLifetime,
            Clock clock) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("The signing key needs its private half");
        }
        this.key = withThumbprint(key);
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<SecurityContext>(new JWKSet(this.key)));
        this.issuer = issuer;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    /** This issuer, with its key and issuer, telling the time by another clock (tokens issued in the past, in tests). */
    public TokenIssuer at(Clock other) {
        return new TokenIssuer(key, issuer, namespace, brokerName, tokenLifetime, other);
    }

    /** A fresh RSA 2048 key, as the broker makes at every start unless it has a key file. */
    public static RSAKey generateKey() {
        try {
            return withThumbprint(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate the broker's signing key", e);
        }
    }

    /**
     * The key of a JWK file, or a fresh one written to it (readable by the owner only) when there is none: a broker
     * restarted on the same file keeps accepting the tokens it issued before.
     */
    public static RSAKey keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
                    throw new IllegalStateException("The key file " + file + " holds no RSA private key");
                }
                return withThumbprint(rsa);
            }
            RSAKey key = generateKey();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions apply
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the broker's key file " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("The key file " + file + " is no JWK: " + e.getMessage(), e);
        }
    }

    private static RSAKey withThumbprint(RSAKey key) {
        try {
            return new RSAKey.Builder(key).keyIDFromThumbprint().keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the key's thumbprint", e);
        }
    }

    /**
     * A token: {@code iss} this issuer, {@code sub}, {@code aud} (one audience), {@code iat} now, {@code exp} now +
     * ttl; RS256, {@code kid} the key's thumbprint.
     *
     * @throws IllegalStateException before the issuer is known (the broker not listening yet)
     */
    public String issue(String subject, String audience, Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer()).subject(subject).audience(List.of(audience))
                .issuedAt(now).expiresAt(now.plus(ttl)).build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** A token with the broker's token lifetime ({@code broker.identity.token-lifetime}, one hour by default). */
    public String issue(String subject, String audience) {
        return issue(subject, audience, tokenLifetime);
    }

    /** The issuer ({@code iss}): the broker's base URL unless configured. */
    public String issuer() {
        String known = issuer;
        if (known == null) {
            throw new IllegalStateException("The broker's issuer is known once it listens");
        }
        return known;
    }

    /** Sets the issuer once the broker knows its address (when none is configured). */
    public void issuer(String issuer) {
        this.issuer = issuer;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public String namespace() {
        return namespace;
    }

    /** The broker's audience: {@code eventing.knative.dev/broker/<namespace>/<name>}. */
    public String brokerAudience() {
        return BROKER_AUDIENCE_PREFIX + namespace + "/" + brokerName;
    }

    /** The identity of a producer: its SinkBinding's OIDC service account. */
    public String producerSubject(String sinkBindingName) {
        return ServiceAccounts.subject(namespace, ServiceAccounts.SOURCES_GROUP, "SinkBinding", sinkBindingName);
    }

    /** The identity of a Trigger's deliveries: the Trigger's OIDC service account. */
    public String triggerSubject(String triggerName) {
        return ServiceAccounts.subject(namespace, ServiceAccounts.EVENTING_GROUP, "Trigger", triggerName);
    }

    /** A producer's token for the broker: what the launcher writes to each service's token file. */
    public String producerToken(String sinkBindingName) {
        return issue(producerSubject(sinkBindingName), brokerAudience());
    }

    /** The key's id: its RFC 7638 thumbprint. */
    public String keyId() {
        return key.getKeyID();
    }

    /** The public key, for verification. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    /**
     * The decoder of the tokens senders post to the broker's ingress: signed by this key (RS256), issued by this issuer
     * for the broker's audience, with an expiry and a subject, not expired (give or take the skew). A {@link
     * io.concertsale.eventkit.identity.SenderVerifier} around it remembers a verified token until it expires.
     *
     * @param clockSkew how far a token's times may be off ({@code broker.identity.clock-skew})
     */
    public JwtDecoder ingressDecoder(Clock clock, Duration clockSkew) {
        NimbusJwtDecoder decoder;
        try {
            decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot use the broker's public key", e);
        }
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> issuerAndAudience = jwt -> {
            if (jwt.getIssuer() == null || !issuer().equals(jwt.getIssuer().toString())) {
                return invalid("The token was not issued by " + issuer());
            }
            List<String> audiences = jwt.getAudience();
            if (audiences == null || !audiences.contains(brokerAudience())) {
                return invalid("The token is not issued for the audience " + brokerAudience());
            }
            if (jwt.getExpiresAt() == null) {
                return invalid("The token has no expiry");
            }
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                return invalid("The token names no subject");
            }
            return OAuth2TokenValidatorResult.success();
        };
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, issuerAndAudience));
        return decoder;
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }

    /** The JWK set of the public key, as {@code /openid/v1/jwks} serves it. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** The OIDC discovery document, as {@code /.well-known/openid-configuration} serves it. */
    public Map<String, Object> openidConfiguration() {
        String iss = issuer();
        return Map.of(
                "issuer", iss,
                "jwks_uri", trimSlash(iss) + "/openid/v1/jwks",
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "response_types_supported", List.of("id_token"),
                "subject_types_supported", List.of("public"));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
