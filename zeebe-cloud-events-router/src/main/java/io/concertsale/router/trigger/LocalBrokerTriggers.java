package io.concertsale.router.trigger;

import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code local-broker}: puts each Trigger manifest to the local broker ({@code PUT /api/triggers/{name}}), which
 * creates or replaces it, as {@code kubectl apply} would in a cluster. The broker's Trigger API asks the operator
 * credential (HTTP Basic, user admin, the sale's admin password).
 */
public final class LocalBrokerTriggers implements TriggerManager {

    private static final Logger log = LoggerFactory.getLogger(LocalBrokerTriggers.class);

    private final URI brokerUrl;
    /** The operator credential, or {@code null} without a password. */
    private final String authorization;
    private final TriggerManifests manifests;
    private final KubernetesSerialization serialization;
    private final Duration timeout;
    private final HttpClient http;

    /** With the operator credential of the Trigger settings ({@code router.triggers.local-broker-password}). */
    /**
     * @param password the broker's operator credential (HTTP Basic, user admin): the sale's admin password; without
     *        one the broker refuses every Trigger (401)
     */
    public LocalBrokerTriggers(URI brokerUrl, String password, TriggerManifests manifests,
            KubernetesSerialization serialization, Duration timeout) {
        this.brokerUrl = URI.create(brokerUrl.toString().replaceAll("/+$", ""));
        this.authorization = password == null || password.isBlank() ? null : OperatorCredentialFilter.basic(password);
        this.manifests = manifests;
        this.serialization = serialization;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public List<String> ensure(Collection<String> messageNames, boolean replies) {
        List<String> ensured = new ArrayList<>();
        for (Trigger trigger : Manifests.of(manifests, messageNames, replies)) {
            String name = trigger.getMetadata().getName();
            URI uri = URI.create(brokerUrl + "/api/triggers/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(serialization.asJson(trigger)));
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            HttpRequest request = builder.build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new TriggerException("The local broker at " + brokerUrl + " could not be reached to put Trigger "
                        + name + ": " + e, ensured, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TriggerException("Interrupted while putting Trigger " + name, ensured, e);
            }
            if (response.statusCode() / 100 != 2) {
                throw new TriggerException("The local broker at " + brokerUrl + " answered " + response.statusCode()
                        + " to Trigger " + name + ": " + response.body(), ensured, null);
            }
            log.info("Trigger {} {} on the local broker {}", name, response.statusCode() == 201 ? "created"
                    : "replaced", brokerUrl);
            ensured.add(name);
        }
        return ensured;
    }

    @Override
    public String describe() {
        return "local-broker at " + brokerUrl;
    }
}
