package io.concertsale.router.trigger;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code knative}: creates each Trigger, or replaces it when it exists, through the Kubernetes API (the
 * router's ServiceAccount needs get, create and update on {@code eventing.knative.dev} triggers).
 */
public final class KnativeTriggers implements TriggerManager {

    private static final Logger log = LoggerFactory.getLogger(KnativeTriggers.class);

    private final KnativeClient client;
    private final String namespace;
    private final TriggerManifests manifests;

    /** @param namespace where the Triggers live */
    public KnativeTriggers(KnativeClient client, String namespace, TriggerManifests manifests) {
        this.client = client;
        this.namespace = namespace;
        this.manifests = manifests;
    }

    @Override
    public List<String> ensure(Collection<String> messageNames, boolean replies) {
        List<String> ensured = new ArrayList<>();
        for (Trigger trigger : Manifests.of(manifests, messageNames, replies)) {
            String name = trigger.getMetadata().getName();
            try {
                client.triggers().inNamespace(namespace).resource(trigger).unlock()
                        .createOr(NonDeletingOperation::update);
            } catch (KubernetesClientException e) {
                throw new TriggerException("Trigger " + name + " could not be created or replaced in namespace "
                        + namespace + " (" + e.getCode() + "): " + e.getMessage(), ensured, e);
            }
            log.info("Trigger {} ensured in namespace {}", name, namespace);
            ensured.add(name);
        }
        return ensured;
    }

    @Override
    public String describe() {
        return "knative, namespace " + namespace;
    }
}
