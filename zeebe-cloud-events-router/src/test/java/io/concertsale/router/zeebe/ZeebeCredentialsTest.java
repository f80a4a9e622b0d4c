package io.concertsale.router.zeebe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the router's client puts on the wire per {@code router.zeebe.auth.method}: a gRPC gateway (Zeebe's Gateway
 * service, the topology call only) records the {@code authorization} metadata of every call, and a token endpoint
 * (client credentials) records the form it is sent and hands out a token.
 */
class ZeebeCredentialsTest {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String TOKEN = "t0ken-" + UUID.randomUUID();

    /** The authorization of each call to the gateway; empty when the call had none. */
    private static final List<Optional<String>> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    /** The form of each token request. */
    private static final List<Map<String, String>> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();

    private static Server gateway;
    private static HttpServer identity;

    @BeforeAll
    static void start() throws IOException {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                AUTHORIZATIONS.add(Optional.ofNullable(headers.get(AUTHORIZATION)));
                return next.startCall(call, headers);
            }
        };
        gateway = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new TopologyOnly(), recorder)).build().start();

        identity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        identity.createContext("/token", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                TOKEN_REQUESTS.add(form(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            byte[] response = ("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        identity.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        gateway.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        identity.stop(0);
    }

    @BeforeEach
    void forget() {
        AUTHORIZATIONS.clear();
        TOKEN_REQUESTS.clear();
    }

    private static String gatewayAddress() {
        return "http://127.0.0.1:" + gateway.getPort();
    }

    private static String tokenUrl() {
        return "http://127.0.0.1:" + identity.getAddress().getPort() + "/token";
    }

    /** Asks the gateway for its topology with the client the router builds from the settings. */
    private static void topology(String... settings) {
        String[] all = new String[settings.length + 4];
        all[0] = "grpc-address";
        all[1] = gatewayAddress();
        all[2] = "request-timeout";
        all[3] = "5s";
        System.arraycopy(settings, 0, all, 4, settings.length);
        ZeebeConnection connection = ZeebeConnection.of(ZeebeSettings.of(all));
        try (CamundaClient client = connection.newClient(Executors.newScheduledThreadPool(1), 4,
                Duration.ofMinutes(10))) {
            assertThat(client.newTopologyRequest().send().join().getClusterSize()).isEqualTo(1);
        }
    }

    @Test
    void methodBasicSendsTheUserAndPasswordOnEveryCall() {
        topology("auth.method", "basic", "username", "router", "password", "pa55 w0rd:with-colon");

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("router:pa55 w0rd:with-colon".getBytes(StandardCharsets.UTF_8));
        assertThat(AUTHORIZATIONS).containsExactly(Optional.of(expected));
        assertThat(TOKEN_REQUESTS).as("no token endpoint with basic").isEmpty();
    }

    @Test
    void methodNoneSendsNoAuthorization() {
        topology("auth.method", "none");

        assertThat(AUTHORIZATIONS).containsExactly(Optional.empty());
    }

    @Test
    void methodOAuthFetchesATokenWithTheScopeAndSendsItAsBearer() {
        // a fresh client id: the client caches tokens per client id in a file
        String clientId = "router-" + UUID.randomUUID();
        topology("auth.method", "oauth", "client-id", clientId, "client-secret", "s3cr3t-value",
                "authorization-server-url", tokenUrl(), "audience", "orchestration-api",
                "scope", "orchestration-api openid");

        assertThat(TOKEN_REQUESTS).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_id", clientId)
                    .containsEntry("client_secret", "s3cr3t-value")
                    .containsEntry("audience", "orchestration-api")
                    .containsEntry("scope", "orchestration-api openid");
        });
        assertThat(AUTHORIZATIONS).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** Zeebe's gateway with the topology call alone: one broker, one partition. */
    private static final class TopologyOnly extends GatewayGrpc.GatewayImplBase {

        @Override
        public void topology(TopologyRequest request, StreamObserver<TopologyResponse> responseObserver) {
            responseObserver.onNext(TopologyResponse.newBuilder().setClusterSize(1).setPartitionsCount(1)
                    .setReplicationFactor(1).setGatewayVersion("8.8.0").build());
            responseObserver.onCompleted();
        }
    }
}
