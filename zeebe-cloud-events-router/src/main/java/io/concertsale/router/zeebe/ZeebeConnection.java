package io.concertsale.router.zeebe;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import io.concertsale.router.config.RouterProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where the engine is and how to authenticate, decided from {@code router.zeebe.*} before any connection is made:
 * <ul>
 * <li>{@code cluster-id} and {@code region} set: Camunda SaaS, with the addresses
 * {@code https://<cluster>.<region>.zeebe.camunda.io:443} (gRPC) and
 * {@code https://<region>.zeebe.camunda.io:443/<cluster>} (REST) and OAuth, whose token URL and audience default to
 * SaaS's;</li>
 * <li>otherwise the configured addresses, with OAuth when {@code client-id} is set (self-managed with Identity)
 * and without authentication when it is not (the embedded engine, a plain local broker).</li>
 * </ul>
 *
 * @param grpcAddress the gateway's gRPC address; {@code https} means TLS
 * @param restAddress the REST address
 * @param preferRestOverGrpc whether commands go over REST
 * @param oauth the OAuth client credentials, null for none
 * @param saas whether the addresses were derived for Camunda SaaS
 * @param requestTimeout the timeout of one request
 */
public record ZeebeConnection(URI grpcAddress, URI restAddress, boolean preferRestOverGrpc, OAuth oauth, boolean saas,
        Duration requestTimeout) {

    static final String SAAS_DOMAIN = "zeebe.camunda.io";
    static final String SAAS_AUTHORIZATION_SERVER = "https://login.cloud.camunda.io/oauth/token";
    static final String SAAS_AUDIENCE = "zeebe.camunda.io";

    public ZeebeConnection {
        Objects.requireNonNull(grpcAddress, "grpcAddress");
        Objects.requireNonNull(restAddress, "restAddress");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * OAuth client credentials.
     *
     * @param audience null to leave it to the client's default
     */
    public record OAuth(String clientId, String clientSecret, String authorizationServerUrl, String audience) {

        public OAuth {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(authorizationServerUrl, "authorizationServerUrl");
        }

        @Override
        public String toString() {
            return "OAuth[clientId=" + clientId + ", authorizationServerUrl=" + authorizationServerUrl + ", audience="
                    + audience + "]";
        }
    }

    /**
     * Decides the connection from the settings.
     *
     * @throws IllegalArgumentException when the settings are incomplete (a cluster id without region, a client id
     *         without secret or token URL)
     */
    public static ZeebeConnection of(RouterProperties.Zeebe zeebe) {
        if (zeebe.clusterId() != null || zeebe.region() != null) {
            if (zeebe.clusterId() == null || zeebe.region() == null) {
                throw new IllegalArgumentException("Camunda SaaS needs both router.zeebe.cluster-id and router.zeebe.region");
            }
            if (zeebe.clientId() == null || zeebe.clientSecret() == null) {
                throw new IllegalArgumentException("Camunda SaaS needs router.zeebe.client-id and router.zeebe.client-secret");
            }
            URI grpc = URI.create("https://" + zeebe.clusterId() + "." + zeebe.region() + "." + SAAS_DOMAIN + ":443");
            URI rest = URI.create("https://" + zeebe.region() + "." + SAAS_DOMAIN + ":443/" + zeebe.clusterId());
            OAuth oauth = new OAuth(zeebe.clientId(), zeebe.clientSecret(),
                    zeebe.authorizationServerUrl() == null ? SAAS_AUTHORIZATION_SERVER : zeebe.authorizationServerUrl(),
                    zeebe.audience() == null ? SAAS_AUDIENCE : zeebe.audience());
            return new ZeebeConnection(grpc, rest, zeebe.preferRestOverGrpc(), oauth, true, zeebe.requestTimeout());
        }
        OAuth oauth = null;
        if (zeebe.clientId() != null) {
            if (zeebe.clientSecret() == null || zeebe.authorizationServerUrl() == null) {
                throw new IllegalArgumentException("With router.zeebe.client-id set, router.zeebe.client-secret and"
                        + " router.zeebe.authorization-server-url are needed too");
            }
            oauth = new OAuth(zeebe.clientId(), zeebe.clientSecret(), zeebe.authorizationServerUrl(), zeebe.audience());
        }
        return new ZeebeConnection(zeebe.grpcAddress(), zeebe.restAddress(), zeebe.preferRestOverGrpc(), oauth, false,
                zeebe.requestTimeout());
    }

    /** The address commands go to. */
    public URI address() {
        return preferRestOverGrpc ? restAddress : grpcAddress;
    }

    /** Whether the connection is unencrypted. */
    public boolean plaintext() {
        return "http".equalsIgnoreCase(grpcAddress.getScheme());
    }

    /**
     * Builds the client. Nothing connects yet: gRPC channels open on the first request.
     *
     * @param workerExecutor runs the job handlers; the client shuts it down when it closes
     * @param maxJobsActive the workers' default of jobs held at once
     * @param messageTimeToLive the default time to live of published messages
     */
    public CamundaClient newClient(ScheduledExecutorService workerExecutor, int maxJobsActive,
            Duration messageTimeToLive) {
        CamundaClientBuilder builder = CamundaClient.newClientBuilder()
                // the router's settings are the one source: no CAMUNDA_* / ZEEBE_* variable changes them behind it
                .applyEnvironmentVariableOverrides(false)
                .grpcAddress(grpcAddress)
                .restAddress(restAddress)
                .preferRestOverGrpc(preferRestOverGrpc)
                .defaultRequestTimeout(requestTimeout)
                .defaultMessageTimeToLive(messageTimeToLive)
                .defaultJobWorkerMaxJobsActive(maxJobsActive)
                .jobWorkerExecutor(workerExecutor, true);
        if (oauth != null) {
            builder.credentialsProvider(credentialsProvider(oauth));
        }
        return builder.build();
    }

    private static CredentialsProvider credentialsProvider(OAuth oauth) {
        var credentials = CredentialsProvider.newCredentialsProviderBuilder()
                .applyEnvironmentOverrides(false)
                .clientId(oauth.clientId())
                .clientSecret(oauth.clientSecret())
                .authorizationServerUrl(oauth.authorizationServerUrl())
                // tokens are cached in a file; the temporary folder is writable even where the home folder is not
                .credentialsCachePath(Path.of(System.getProperty("java.io.tmpdir"), "zeebe-cloud-events-router",
                        "credentials").toString());
        if (oauth.audience() != null) {
            credentials.audience(oauth.audience());
        }
        return credentials.build();
    }

    /** For logs and health details; never the secret. */
    public String describe() {
        return (saas ? "Camunda SaaS " : "") + address() + (preferRestOverGrpc ? " (REST" : " (gRPC")
                + (plaintext() ? ", plaintext)" : ", TLS)")
                + (oauth == null ? ", no authentication" : ", OAuth client " + oauth.clientId());
    }
}
