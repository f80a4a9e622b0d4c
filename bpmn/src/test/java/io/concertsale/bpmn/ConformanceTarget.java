package io.concertsale.bpmn;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A real Camunda 8 the journeys run on instead of the local engine, named by the environment:
 *
 * <ul>
 *   <li>{@code ZEEBE_ADDRESS}: its gRPC address, e.g. {@code http://localhost:26500} (without it: the local
 *       engine);</li>
 *   <li>{@code ZEEBE_REST_ADDRESS}: its REST API, e.g. {@code http://localhost:8080} (the default: port 8080 on the
 *       gRPC address's host);</li>
 *   <li>with OAuth (SaaS, or self-managed with Identity): {@code ZEEBE_CLIENT_ID}, {@code ZEEBE_CLIENT_SECRET},
 *       {@code ZEEBE_AUTHORIZATION_SERVER_URL} and {@code ZEEBE_TOKEN_AUDIENCE};</li>
 *   <li>{@code ZEEBE_SETTLE}: how long to give it to settle after each step (ISO-8601, default {@code PT2S}): its
 *       searches read exported data, which lags behind the engine.</li>
 * </ul>
 *
 * The tests pin its clock ({@code PUT /v2/clock}), so it must run with {@code ZEEBE_CLOCK_CONTROLLED=true}, and it
 * must be a cluster of its own: pinning the clock stops time for every process on it. The router's integration
 * tests take the same target (this class comes to them in this module's test jar).
 */
public record ConformanceTarget(URI grpcAddress, URI restAddress, Map<String, String> oauth, Duration settle) {

    /** The target the environment names, or null: the local engine. */
    public static ConformanceTarget fromEnvironment(Map<String, String> environment) {
        String grpc = environment.get("ZEEBE_ADDRESS");
        if (grpc == null || grpc.isBlank()) {
            return null;
        }
        URI grpcAddress = URI.create(grpc.strip().contains("://") ? grpc.strip() : "http://" + grpc.strip());
        String rest = environment.get("ZEEBE_REST_ADDRESS");
        URI restAddress = rest != null && !rest.isBlank() ? URI.create(rest.strip())
                : URI.create(grpcAddress.getScheme() + "://" + grpcAddress.getHost() + ":8080");
        Map<String, String> oauth = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"ZEEBE_CLIENT_ID", "ZEEBE_CLIENT_SECRET", "ZEEBE_AUTHORIZATION_SERVER_URL",
                "ZEEBE_TOKEN_AUDIENCE"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                oauth.put(name, value.strip());
            }
        }
        if (!oauth.isEmpty() && oauth.size() < 3) {
            throw new IllegalStateException("OAuth needs ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and"
                    + " ZEEBE_AUTHORIZATION_SERVER_URL (and usually ZEEBE_TOKEN_AUDIENCE); given: " + oauth.keySet());
        }
        String settle = environment.get("ZEEBE_SETTLE");
        return new ConformanceTarget(grpcAddress, restAddress, Map.copyOf(oauth),
                settle == null || settle.isBlank() ? Duration.ofSeconds(2) : Duration.parse(settle.strip()));
    }

    /** A client of the target, gRPC for commands and REST for searches and the clock. */
    public CamundaClient client() {
        // the target has read the environment itself: the client must not read it again (it would send this
        // target's commands to whatever ZEEBE_ADDRESS names)
        CamundaClientBuilder builder = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(grpcAddress).restAddress(restAddress).preferRestOverGrpc(false);
        if (!oauth.isEmpty()) {
            builder.credentialsProvider(CredentialsProvider.newCredentialsProviderBuilder()
                    .applyEnvironmentOverrides(false)
                            .clientId(oauth.get("ZEEBE_CLIENT_ID")).clientSecret(oauth.get("ZEEBE_CLIENT_SECRET"))
                    .authorizationServerUrl(oauth.get("ZEEBE_AUTHORIZATION_SERVER_URL"))
                    .audience(oauth.getOrDefault("ZEEBE_TOKEN_AUDIENCE", "zeebe-api")).build());
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "Camunda 8 at " + grpcAddress + " (REST " + restAddress + (oauth.isEmpty() ? "" : ", OAuth") + ")";
    }
}
