package io.concertsale.router.zeebe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.impl.oauth.OAuthCredentialsProvider;
import io.concertsale.router.config.RouterProperties;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Which connection the settings make: plaintext local, OAuth self-managed, or SaaS; decided without a network. */
class ZeebeConnectionTest {

    private static RouterProperties.Zeebe zeebe(String clientId, String clientSecret, String authorizationServerUrl,
            String audience, String clusterId, String region) {
        return new RouterProperties.Zeebe(URI.create("http://localhost:26500"), URI.create("http://localhost:8088"),
                false, clientId, clientSecret, authorizationServerUrl, audience, clusterId, region,
                Duration.ofSeconds(10));
    }

    private static CamundaClient client(ZeebeConnection connection) {
        return connection.newClient(Executors.newScheduledThreadPool(1), 4, Duration.ofMinutes(10));
    }

    @Test
    void withoutCredentialsItIsThePlaintextLocalEngine() {
        ZeebeConnection connection = ZeebeConnection.of(zeebe("", "", "", "", "", ""));

        assertThat(connection.grpcAddress()).hasToString("http://localhost:26500");
        assertThat(connection.plaintext()).isTrue();
        assertThat(connection.saas()).isFalse();
        assertThat(connection.oauth()).isNull();
        assertThat(connection.describe()).contains("localhost:26500").contains("gRPC").contains("no authentication");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getGrpcAddress()).hasToString("http://localhost:26500");
            assertThat(client.getConfiguration().preferRestOverGrpc()).isFalse();
            assertThat(client.getConfiguration().getDefaultMessageTimeToLive()).isEqualTo(Duration.ofMinutes(10));
            assertThat(client.getConfiguration().getCredentialsProvider()).as("no credentials").isNull();
        }
    }

    @Test
    void withAClientIdItUsesOAuthAgainstTheConfiguredIdentity() {
        ZeebeConnection connection = ZeebeConnection.of(zeebe("router", "s3cr3t-value",
                "http://identity.example:18080/auth/realms/camunda-platform/protocol/openid-connect/token", "zeebe-api",
                "", ""));

        assertThat(connection.saas()).isFalse();
        assertThat(connection.grpcAddress()).hasToString("http://localhost:26500");
        assertThat(connection.oauth().clientId()).isEqualTo("router");
        assertThat(connection.oauth().audience()).isEqualTo("zeebe-api");
        assertThat(connection.describe()).contains("OAuth client router").doesNotContain("s3cr3t-value");
        assertThat(connection.oauth().toString()).doesNotContain("s3cr3t-value");
        try (CamundaClient client = client(connection)) {
            assertThat(client.getConfiguration().getCredentialsProvider()).isInstanceOf(OAuthCredentialsProvider.class);
        }
    }

    @Test
    void withClusterIdAndRegionTheSaasAddressesAndDefaultsAreDerived() {
        ZeebeConnection connection = ZeebeConnection.of(zeebe("client", "secret", "", "", "abc-123", "bru-2"));

        assertThat(connection.saas()).isTrue();
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
        assertThatThrownBy(() -> ZeebeConnection.of(zeebe("client", "secret", "", "", "abc", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> ZeebeConnection.of(zeebe("", "", "", "", "abc", "bru-2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-id");
        assertThatThrownBy(() -> ZeebeConnection.of(zeebe("client", "", "http://identity/token", "", "", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-secret");
        assertThatThrownBy(() -> ZeebeConnection.of(zeebe("client", "secret", "", "", "", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorization-server-url");
    }

    @Test
    void theSettingsNeverShowTheSecret() {
        assertThat(zeebe("client", "s3cr3t-value", "", "", "", "").toString()).doesNotContain("s3cr3t-value")
                .contains("clientSecret=***");
    }
}
