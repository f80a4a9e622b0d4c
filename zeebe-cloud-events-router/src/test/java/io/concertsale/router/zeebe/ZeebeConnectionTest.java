package io.concertsale.router.zeebe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.impl.basicauth.BasicAuthCredentialsProvider;
import io.camunda.client.impl.oauth.OAuthCredentialsProvider;
import io.concertsale.router.config.RouterProperties.AuthMethod;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which connection the settings make: plaintext local, basic or OAuth self-managed, or SaaS; decided without a
 * network. What the credentials put on the wire is {@link ZeebeCredentialsTest}'s.
 */
class ZeebeConnectionTest {

    private static final String TOKEN_URL =
            "http://identity.example:18080/auth/realms/camunda-platform/protocol/openid-connect/token";

    @TempDir
    Path files;

    private static CamundaClient client(ZeebeConnection connection) {
        return connection.newClient(Executors.newScheduledThreadPool(1), 4, Duration.ofMinutes(10));
    }

    private Path file(String name) throws IOException {
        return Files.writeString(files.resolve(name), "not read before the first request");
    }

    @Test
    void withoutCredentialsItIsThePlaintextLocalEngine() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of());

        assertThat(connection.grpcAddress()).hasToString("http://localhost:26500");
        assertThat(connection.plaintext()).isTrue();
        assertThat(connection.saas()).isFalse();
        assertThat(connection.authMethod()).isEqualTo(AuthMethod.NONE);
        assertThat(connection.oauth()).isNull();
        assertThat(connection.basic()).isNull();
        assertThat(connection.describe()).contains("localhost:26500").contains("gRPC").contains("no authentication");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getGrpcAddress()).hasToString("http://localhost:26500");
            assertThat(client.getConfiguration().preferRestOverGrpc()).isFalse();
            assertThat(client.getConfiguration().getDefaultMessageTimeToLive()).isEqualTo(Duration.ofMinutes(10));
            assertThat(client.getConfiguration().getCredentialsProvider()).as("no credentials").isNull();
            assertThat(client.getConfiguration().getCaCertificatePath()).isNull();
        }
    }

    @Test
    void methodNoneIsExplicitToo() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("auth.method", "none"));

        assertThat(connection.authMethod()).isEqualTo(AuthMethod.NONE);
        assertThat(connection.credentialsProvider()).isNull();
    }

    @Test
    void withMethodBasicTheClientSendsTheUsersCredentials() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic",
                "username", "router", "password", "s3cr3t-value"));

        assertThat(connection.authMethod()).isEqualTo(AuthMethod.BASIC);
        assertThat(connection.basic().username()).isEqualTo("router");
        assertThat(connection.basic().password()).isEqualTo("s3cr3t-value");
        assertThat(connection.oauth()).isNull();
        assertThat(connection.describe()).contains("basic authentication as router").doesNotContain("s3cr3t-value");
        assertThat(connection.basic().toString()).contains("router").doesNotContain("s3cr3t-value");
        assertThat(connection.toString()).doesNotContain("s3cr3t-value");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getCredentialsProvider())
                    .isInstanceOf(BasicAuthCredentialsProvider.class);
        }
    }

    @Test
    void aUsernameAloneMeansBasic() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("username", "router", "password", "pw"));

        assertThat(connection.authMethod()).isEqualTo(AuthMethod.BASIC);
    }

    @Test
    void withAClientIdItUsesOAuthAgainstTheConfiguredIdentity() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("client-id", "router",
                "client-secret", "s3cr3t-value", "authorization-server-url", TOKEN_URL, "audience", "zeebe-api"));

        assertThat(connection.saas()).isFalse();
        assertThat(connection.authMethod()).as("derived from the client id").isEqualTo(AuthMethod.OAUTH);
        assertThat(connection.grpcAddress()).hasToString("http://localhost:26500");
        assertThat(connection.oauth().clientId()).isEqualTo("router");
        assertThat(connection.oauth().audience()).isEqualTo("zeebe-api");
        assertThat(connection.oauth().scope()).isNull();
        assertThat(connection.oauth().truststorePath()).isNull();
        assertThat(connection.describe()).contains("OAuth client router").doesNotContain("s3cr3t-value");
        assertThat(connection.oauth().toString()).doesNotContain("s3cr3t-value");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getCredentialsProvider()).isInstanceOf(OAuthCredentialsProvider.class);
        }
    }

    @Test
    void oauthTakesAScopeAndTheTokenEndpointsCa() throws IOException {
        Path truststore = file("idp-truststore.p12");
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("auth.method", "oauth",
                "client-id", "router", "client-secret", "s3cr3t-value", "authorization-server-url", TOKEN_URL,
                "audience", "orchestration-api", "scope", "orchestration-api",
                "authorization-server-truststore-path", truststore.toString(),
                "authorization-server-truststore-password", "st0re-pw"));

        assertThat(connection.oauth().scope()).isEqualTo("orchestration-api");
        assertThat(connection.oauth().truststorePath()).isEqualTo(truststore);
        assertThat(connection.oauth().truststorePassword()).isEqualTo("st0re-pw");
        assertThat(connection.oauth().toString()).doesNotContain("st0re-pw").doesNotContain("s3cr3t-value");
        assertThat(connection.describe()).contains("OAuth client router (scope orchestration-api)");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getCredentialsProvider()).isInstanceOf(OAuthCredentialsProvider.class);
        }
    }

    @Test
    void aGatewayWithTlsMayHaveItsOwnCa() throws IOException {
        Path ca = file("gateway-ca.crt");
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of(
                "grpc-address", "https://camunda-zeebe-gateway:26500", "rest-address", "https://camunda-zeebe-gateway:8080",
                "ca-certificate-path", ca.toString()));

        assertThat(connection.caCertificatePath()).isEqualTo(ca);
        assertThat(connection.plaintext()).isFalse();
    }

    @Test
    void withClusterIdAndRegionTheSaasAddressesAndDefaultsAreDerived() {
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of("client-id", "client",
                "client-secret", "secret", "cluster-id", "abc-123", "region", "bru-2"));

        assertThat(connection.saas()).isTrue();
        assertThat(connection.authMethod()).isEqualTo(AuthMethod.OAUTH);
        assertThat(connection.grpcAddress()).hasToString("https://abc-123.bru-2.zeebe.camunda.io:443");
        assertThat(connection.restAddress()).hasToString("https://bru-2.zeebe.camunda.io:443/abc-123");
        assertThat(connection.plaintext()).isFalse();
        assertThat(connection.oauth().authorizationServerUrl()).isEqualTo("https://login.cloud.camunda.io/oauth/token");
        assertThat(connection.oauth().audience()).isEqualTo("zeebe.camunda.io");
        assertThat(connection.describe()).startsWith("Camunda SaaS");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getGrpcAddress())
                    .isEqualTo(URI.create("https://abc-123.bru-2.zeebe.camunda.io:443"));
            assertThat(client.getConfiguration().getCredentialsProvider()).isInstanceOf(OAuthCredentialsProvider.class);
        }
    }

    @Test
    void incompleteSettingsAreRefusedAtStart() {
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("client-id", "client", "client-secret", "secret",
                "cluster-id", "abc"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("cluster-id", "abc", "region", "bru-2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-id");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("client-id", "client",
                "authorization-server-url", "http://identity/token", "audience", "zeebe-api")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("missing: client-secret");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("client-id", "client", "client-secret", "secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing: authorization-server-url, audience");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "oauth")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing: client-id, client-secret");
    }

    @Test
    void basicWithoutUserOrPasswordIsRefusedAtStart() {
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("router.zeebe.auth.method basic needs router.zeebe.username and router.zeebe.password");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic", "username", "router")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router.zeebe.password");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic", "password", "pw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router.zeebe.username");
    }

    @Test
    void theCredentialsOfAnotherMethodAreRefusedAtStart() {
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic", "username", "router",
                "password", "pw", "client-id", "client")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-id")
                .hasMessageContaining("is basic");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "none", "username", "router")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username")
                .hasMessageContaining("is none");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic", "username", "router",
                "password", "pw", "scope", "orchestration-api")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("username", "router", "password", "pw",
                "client-id", "client", "client-secret", "secret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("choose one with router.zeebe.auth.method");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("auth.method", "basic", "username", "router",
                "password", "pw", "cluster-id", "abc", "region", "bru-2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Camunda SaaS takes OAuth only");
    }

    @Test
    void certificateFilesMustExistAndTheGatewaysCaNeedsTls() throws IOException {
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("grpc-address", "https://gateway:26500",
                "ca-certificate-path", files.resolve("missing.crt").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("router.zeebe.ca-certificate-path names no readable file");
        String ca = file("ca.crt").toString();
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("ca-certificate-path", ca)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plaintext");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("client-id", "client", "client-secret", "secret",
                "authorization-server-url", TOKEN_URL, "audience", "zeebe-api",
                "authorization-server-truststore-path", files.resolve("missing.p12").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("router.zeebe.authorization-server-truststore-path names no readable file");
        assertThatThrownBy(() -> ZeebeConnection.of(ZeebeSettings.of("client-id", "client", "client-secret", "secret",
                "authorization-server-url", TOKEN_URL, "audience", "zeebe-api",
                "authorization-server-truststore-password", "pw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without");
    }

    @Test
    void theSettingsNeverShowThePasswordOrTheSecret() {
        assertThat(ZeebeSettings.of("client-id", "client", "client-secret", "s3cr3t-value").toString())
                .doesNotContain("s3cr3t-value").contains("clientSecret=***");
        assertThat(ZeebeSettings.of("username", "router", "password", "pa55-value").toString())
                .doesNotContain("pa55-value").contains("password=***").contains("username=router");
    }
}
