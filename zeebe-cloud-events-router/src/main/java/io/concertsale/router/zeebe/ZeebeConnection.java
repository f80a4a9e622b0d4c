package io.concertsale.router.zeebe;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import io.concertsale.router.config.RouterProperties;
import io.concertsale.router.config.RouterProperties.AuthMethod;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where the engine is and how to authenticate, decided from {@code router.zeebe.*} before any connection is made:
 * <ul>
 * <li>{@code cluster-id} and {@code region} set: Camunda SaaS, with the addresses
 * {@code https://<cluster>.<region>.zeebe.camunda.io:443} (gRPC) and
 * {@code https://<region>.zeebe.camunda.io:443/<cluster>} (REST) and OAuth, whose token URL and audience default to
 * SaaS's;</li>
 * <li>otherwise the configured addresses, authenticated by {@code auth.method}: {@code basic} (a user of the
 * orchestration cluster: Camunda's Helm chart 13 protects its API so by default), {@code oauth} (client credentials
 * from Identity/Keycloak or another OIDC provider) or {@code none} (the local engine, an unprotected API). Unset, the
 * method follows from the credentials: OAuth with a {@code client-id}, basic with a {@code username}, else none.</li>
 * </ul>
 * Settings that do not fit together (basic without a password, OAuth without a token endpoint, the credentials of
 * two methods, SaaS without OAuth) fail here, at startup, with the setting to fix.
 *
 * @param grpcAddress the gateway's gRPC address; {@code https} means TLS
 * @param restAddress the REST address
 * @param preferRestOverGrpc whether commands go over REST
 * @param authMethod how requests authenticate
 * @param basic the user and password with method basic, else null
 * @param oauth the OAuth client credentials with method oauth, else null
 * @param saas whether the addresses were derived for Camunda SaaS
 * @param caCertificatePath a PEM file with the CA of the gateway's certificate, null for the JVM's
 * @param requestTimeout the timeout of one request
 */
public record ZeebeConnection(URI grpcAddress, URI restAddress, boolean preferRestOverGrpc, AuthMethod authMethod,
        Basic basic, OAuth oauth, boolean saas, Path caCertificatePath, Duration requestTimeout) {

    static final String SAAS_DOMAIN = "zeebe.camunda.io";
    static final String SAAS_AUTHORIZATION_SERVER = "https://login.cloud.camunda.io/oauth/token";
    static final String SAAS_AUDIENCE = "zeebe.camunda.io";

    public ZeebeConnection {
        Objects.requireNonNull(grpcAddress, "grpcAddress");
        Objects.requireNonNull(restAddress, "restAddress");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if ((authMethod == AuthMethod.BASIC) != (basic != null) || (authMethod == AuthMethod.OAUTH) != (oauth != null)) {
            throw new IllegalArgumentException("The credentials must be those of method " + authMethod);
        }
    }

    /** HTTP Basic credentials: a user of the orchestration cluster. */
    public record Basic(String username, String password) {

        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /**
     * OAuth client credentials.
     *
     * @param audience the token audience
     * @param scope the scope asked for, null for none
     * @param truststorePath a truststore with the token endpoint's CA, null for the JVM's
     * @param truststorePassword its password, null for none
     */
    public record OAuth(String clientId, String clientSecret, String authorizationServerUrl, String audience,
            String scope, Path truststorePath, String truststorePassword) {

        public OAuth {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(authorizationServerUrl, "authorizationServerUrl");
            Objects.requireNonNull(audience, "audience");
        }

        @Override
        public String toString() {
            return "OAuth[clientId=" + clientId + ", authorizationServerUrl=" + authorizationServerUrl + ", audience="
                    + audience + ", scope=" + scope + ", truststorePath=" + truststorePath + "]";
        }
    }

    /**
     * Decides the connection from the settings.
     *
     * @throws IllegalArgumentException when the settings are incomplete or contradict each other: a cluster id
     *         without region, SaaS without OAuth, basic without username or password, OAuth without secret, token
     *         URL or audience, the credentials of another method than the chosen one, a missing certificate file
     */
    public static ZeebeConnection of(RouterProperties.Zeebe zeebe) {
        boolean saas = zeebe.clusterId() != null || zeebe.region() != null;
        AuthMethod method = method(zeebe, saas);
        Path caCertificate = existingFile(zeebe.caCertificatePath(), "router.zeebe.ca-certificate-path");
        URI grpc = zeebe.grpcAddress();
        URI rest = zeebe.restAddress();
        if (saas) {
            if (zeebe.clusterId() == null || zeebe.region() == null) {
                throw new IllegalArgumentException("Camunda SaaS needs both router.zeebe.cluster-id and router.zeebe.region");
            }
            if (method != AuthMethod.OAUTH) {
                throw new IllegalArgumentException("Camunda SaaS takes OAuth only: router.zeebe.auth.method is "
                        + name(method) + "; set it to oauth (or leave it unset) with router.zeebe.client-id and"
                        + " router.zeebe.client-secret");
            }
            if (zeebe.clientId() == null || zeebe.clientSecret() == null) {
                throw new IllegalArgumentException("Camunda SaaS needs router.zeebe.client-id and router.zeebe.client-secret");
            }
            grpc = URI.create("https://" + zeebe.clusterId() + "." + zeebe.region() + "." + SAAS_DOMAIN + ":443");
            rest = URI.create("https://" + zeebe.region() + "." + SAAS_DOMAIN + ":443/" + zeebe.clusterId());
        }
        if (caCertificate != null && !"https".equalsIgnoreCase(grpc.getScheme())
                && !"https".equalsIgnoreCase(rest.getScheme())) {
            throw new IllegalArgumentException("router.zeebe.ca-certificate-path is for a gateway with TLS, but"
                    + " router.zeebe.grpc-address and rest-address are plaintext (http://): use https:// addresses"
                    + " or leave the certificate out");
        }
        Basic basic = null;
        OAuth oauth = null;
        switch (method) {
            case NONE -> {
                refuseBasic(zeebe, method);
                refuseOAuth(zeebe, method);
            }
            case BASIC -> {
                refuseOAuth(zeebe, method);
                if (zeebe.username() == null || zeebe.password() == null) {
                    throw new IllegalArgumentException("router.zeebe.auth.method basic needs router.zeebe.username and"
                            + " router.zeebe.password (a user of the orchestration cluster)");
                }
                basic = new Basic(zeebe.username(), zeebe.password());
            }
            case OAUTH -> {
                refuseBasic(zeebe, method);
                oauth = oauth(zeebe, saas);
            }
        }
        return new ZeebeConnection(grpc, rest, zeebe.preferRestOverGrpc(), method, basic, oauth, saas, caCertificate,
                zeebe.requestTimeout());
    }

    private static AuthMethod method(RouterProperties.Zeebe zeebe, boolean saas) {
        if (zeebe.auth().method() != null) {
            return zeebe.auth().method();
        }
        boolean oauth = zeebe.clientId() != null || zeebe.clientSecret() != null;
        boolean basic = zeebe.username() != null || zeebe.password() != null;
        if (oauth && basic) {
            throw new IllegalArgumentException("Both OAuth (router.zeebe.client-id) and basic (router.zeebe.username)"
                    + " credentials are set: choose one with router.zeebe.auth.method");
        }
        return oauth || saas ? AuthMethod.OAUTH : basic ? AuthMethod.BASIC : AuthMethod.NONE;
    }

    private static OAuth oauth(RouterProperties.Zeebe zeebe, boolean saas) {
        String url = zeebe.authorizationServerUrl() == null && saas ? SAAS_AUTHORIZATION_SERVER
                : zeebe.authorizationServerUrl();
        String audience = zeebe.audience() == null && saas ? SAAS_AUDIENCE : zeebe.audience();
        if (zeebe.clientId() == null || zeebe.clientSecret() == null || url == null || audience == null) {
            throw new IllegalArgumentException("router.zeebe.auth.method oauth needs router.zeebe.client-id,"
                    + " router.zeebe.client-secret, router.zeebe.authorization-server-url (the token endpoint) and"
                    + " router.zeebe.audience; missing: " + String.join(", ", missing(zeebe, url, audience)));
        }
        Path truststore = existingFile(zeebe.authorizationServerTruststorePath(),
                "router.zeebe.authorization-server-truststore-path");
        if (truststore == null && zeebe.authorizationServerTruststorePassword() != null) {
            throw new IllegalArgumentException("router.zeebe.authorization-server-truststore-password is set without"
                    + " router.zeebe.authorization-server-truststore-path");
        }
        return new OAuth(zeebe.clientId(), zeebe.clientSecret(), url, audience, zeebe.scope(), truststore,
                zeebe.authorizationServerTruststorePassword());
    }

    private static java.util.List<String> missing(RouterProperties.Zeebe zeebe, String url, String audience) {
        var missing = new java.util.ArrayList<String>();
        if (zeebe.clientId() == null) {
            missing.add("client-id");
        }
        if (zeebe.clientSecret() == null) {
            missing.add("client-secret");
        }
        if (url == null) {
            missing.add("authorization-server-url");
        }
        if (audience == null) {
            missing.add("audience");
        }
        return missing;
    }

    private static void refuseBasic(RouterProperties.Zeebe zeebe, AuthMethod method) {
        if (zeebe.username() != null || zeebe.password() != null) {
            throw new IllegalArgumentException("router.zeebe.username/password are set, but router.zeebe.auth.method"
                    + " is " + name(method) + ": set the method to basic, or leave the user out");
        }
    }

    private static void refuseOAuth(RouterProperties.Zeebe zeebe, AuthMethod method) {
        if (zeebe.clientId() != null || zeebe.clientSecret() != null) {
            throw new IllegalArgumentException("router.zeebe.client-id/client-secret are set, but"
                    + " router.zeebe.auth.method is " + name(method) + ": set the method to oauth, or leave the client"
                    + " out");
        }
        if (zeebe.scope() != null || zeebe.authorizationServerTruststorePath() != null
                || zeebe.authorizationServerTruststorePassword() != null) {
            throw new IllegalArgumentException("router.zeebe.scope and authorization-server-truststore-* are OAuth"
                    + " settings, but router.zeebe.auth.method is " + name(method));
        }
    }

    private static Path existingFile(String path, String property) {
        if (path == null) {
            return null;
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(property + " names no readable file: " + path);
        }
        return file;
    }

    private static String name(AuthMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
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
        if (caCertificatePath != null) {
            builder.caCertificatePath(caCertificatePath.toString());
        }
        CredentialsProvider credentials = credentialsProvider();
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    /** The credentials of the method, null for none. */
    CredentialsProvider credentialsProvider() {
        return switch (authMethod) {
            case NONE -> null;
            // the client sends Authorization: Basic base64(username:password) with every request
            case BASIC -> CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
                    .applyEnvironmentOverrides(false)
                    .username(basic.username())
                    .password(basic.password())
                    .build();
            case OAUTH -> oauthCredentialsProvider(oauth);
        };
    }

    private static CredentialsProvider oauthCredentialsProvider(OAuth oauth) {
        var credentials = CredentialsProvider.newCredentialsProviderBuilder()
                .applyEnvironmentOverrides(false)
                .clientId(oauth.clientId())
                .clientSecret(oauth.clientSecret())
                .authorizationServerUrl(oauth.authorizationServerUrl())
                // tokens are cached in a file; the temporary folder is writable even where the home folder is not
                .credentialsCachePath(Path.of(System.getProperty("java.io.tmpdir"), "zeebe-cloud-events-router",
                        "credentials").toString())
                .audience(oauth.audience());
        if (oauth.scope() != null) {
            credentials.scope(oauth.scope());
        }
        if (oauth.truststorePath() != null) {
            credentials.truststorePath(oauth.truststorePath());
            if (oauth.truststorePassword() != null) {
                credentials.truststorePassword(oauth.truststorePassword());
            }
        }
        return credentials.build();
    }

    /** For logs and health details; never the secret. */
    public String describe() {
        return (saas ? "Camunda SaaS " : "") + address() + (preferRestOverGrpc ? " (REST" : " (gRPC")
                + (plaintext() ? ", plaintext)" : ", TLS)")
                + switch (authMethod) {
                    case NONE -> ", no authentication";
                    case BASIC -> ", basic authentication as " + basic.username();
                    case OAUTH -> ", OAuth client " + oauth.clientId()
                            + (oauth.scope() == null ? "" : " (scope " + oauth.scope() + ")");
                };
    }
}
