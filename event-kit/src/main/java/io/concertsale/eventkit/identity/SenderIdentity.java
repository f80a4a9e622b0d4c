package io.concertsale.eventkit.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/** Builds a service's side of sender identity from {@link IdentityProperties}. */
public final class SenderIdentity {

    private SenderIdentity() {
    }

    /**
     * The verifier of deliveries, or {@code null} when identity is not {@code required}.
     *
     * @param defaultAudience the audience when none is configured: the service's name
     * @throws IllegalStateException when identity is required and the issuer or its keys are not configured
     */
    public static SenderVerifier verifier(IdentityProperties properties, String defaultAudience, Clock clock) {
        if (!properties.required()) {
            return null;
        }
        if (properties.issuer() == null || properties.issuer().isBlank() || properties.jwksUri() == null) {
            throw new IllegalStateException("Deliveries need an OIDC token: set sale.events.identity.issuer and "
                    + "sale.events.identity.jwks-uri (SALE_EVENTS_IDENTITY_ISSUER, SALE_EVENTS_IDENTITY_JWKS_URI), or "
                    + "sale.events.identity.required=false where the event plane has no sender identity");
        }
        String audience = audience(properties, defaultAudience);
        RestTemplate rest = new RestTemplate(new JdkClientHttpRequestFactory(httpClient(properties)));
        if (properties.jwksBearerTokenFile() != null) {
            TokenFile bearer = new TokenFile(properties.jwksBearerTokenFile(), clock);
            rest.getInterceptors().add((request, body, execution) -> {
                String token = bearer.get();
                if (token != null) {
                    request.getHeaders().setBearerAuth(token);
                }
                return execution.execute(request, body);
            });
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .restOperations(rest).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<Jwt>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(audience))));
        return new SenderVerifier(decoder, properties.senders(), clock);
    }

    /**
     * The audience deliveries to this service are issued for: the configured one, else the service's name; what its
     * Triggers name as {@code spec.subscriber.audience}.
     */
    public static String audience(IdentityProperties properties, String defaultAudience) {
        return properties.audience() != null && !properties.audience().isBlank() ? properties.audience()
                : defaultAudience;
    }

    /** The file of this service's own token, or {@code null} when none is configured. */
    public static TokenFile tokenFile(IdentityProperties properties, Clock clock) {
        return properties.tokenFile() == null ? null : new TokenFile(properties.tokenFile(), clock);
    }

    private static HttpClient httpClient(IdentityProperties properties) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (properties.jwksCaFile() != null) {
            client.sslContext(trusting(properties));
        }
        return client.build();
    }

    /** An SSL context that trusts the certificates of the PEM file (the cluster's CA). */
    private static SSLContext trusting(IdentityProperties properties) {
        try (InputStream pem = Files.newInputStream(properties.jwksCaFile())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWK set's CA " + properties.jwksCaFile(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the CA " + properties.jwksCaFile() + ": " + e.getMessage(),
                    e);
        }
    }
}
