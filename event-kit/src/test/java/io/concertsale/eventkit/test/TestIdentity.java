package io.concertsale.eventkit.test;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * An OIDC issuer for tests, in this JVM: it publishes its public key as a JWK set over real HTTP and signs the
 * tokens tests deliver with, as the broker does in a running sale. {@link TestSaleEnvironment} points every
 * service started in a test at it ({@code sale.events.identity.*}, audience {@value #AUDIENCE}) unless the test
 * configures an issuer of its own.
 */
public final class TestIdentity {

    /** The audience services verify in tests. */
    public static final String AUDIENCE = "test-subscriber";
    /** The subject of the tokens tests deliver with: a Trigger's identity, as Knative names it. */
    public static final String TRIGGER = "system:serviceaccount:concert-sale:test-oidc-eventing.knative.dev-trigger";

    private static final TestIdentity INSTANCE = new TestIdentity();

    private final Signer signer = new Signer();
    private final Signer stranger = new Signer();
    private final URI issuer;

    private TestIdentity() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] keys = new JWKSet(signer.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/openid/v1/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String issuer() {
        return INSTANCE.issuer.toString();
    }

    public static URI jwksUri() {
        return INSTANCE.issuer.resolve("/openid/v1/jwks");
    }

    /** {@code Authorization} of a delivery from a Trigger to a service under test. */
    public static String delivery() {
        return bearer(TRIGGER, AUDIENCE, Duration.ofHours(1));
    }

    /** {@code Authorization} with a token of this issuer for any subject, audience and lifetime (negative: expired). */
    public static String bearer(String subject, String audience, Duration lifetime) {
        return "Bearer " + INSTANCE.signer.sign(issuer(), subject, audience, lifetime);
    }

    /** {@code Authorization} with a token that names this issuer but is signed by a key it never published. */
    public static String forged(String subject, String audience) {
        return "Bearer " + INSTANCE.stranger.sign(issuer(), subject, audience, Duration.ofHours(1));
    }

    /** A token of another issuer whose key this one publishes (a token from elsewhere signed by a known key). */
    public static String otherIssuer(String subject, String audience) {
        return "Bearer " + INSTANCE.signer.sign("https://issuer.example", subject, audience, Duration.ofHours(1));
    }

    private static final class Signer {

        final RSAKey key;
        final NimbusJwtEncoder encoder;

        Signer() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                RSAKey withoutId = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                        .privateKey((RSAPrivateKey) pair.getPrivate()).build();
                key = new RSAKey.Builder(withoutId).keyIDFromThumbprint().build();
            } catch (NoSuchAlgorithmException | com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
            encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        }

        String sign(String issuer, String subject, String audience, Duration lifetime) {
            Instant now = Instant.now();
            Instant issued = lifetime.isNegative() ? now.plus(lifetime).minus(Duration.ofHours(1)) : now;
            JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(subject).audience(List.of(audience))
                    .issuedAt(issued).expiresAt(now.plus(lifetime)).build();
            JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
            return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        }
    }
}
