package io.concertsale.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.knative.serving.v1.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workload of a service as rendered: its Knative Service or its Deployment, whichever the values chose. */
final class Workloads {

    private Workloads() {
    }

    static Optional<Service> knativeService(Rendered rendered, String service) {
        return rendered.find(Service.class, service);
    }

    static Optional<Deployment> deployment(Rendered rendered, String service) {
        return rendered.find(Deployment.class, service);
    }

    /** The one container of the service. */
    static Container container(Rendered rendered, String service) {
        List<Container> containers = knativeService(rendered, service)
                .map(ksvc -> ksvc.getSpec().getTemplate().getSpec().getContainers())
                .or(() -> deployment(rendered, service).map(d -> d.getSpec().getTemplate().getSpec().getContainers()))
                .orElseThrow(() -> new AssertionError("no workload " + service + " in " + rendered.manifests()));
        if (containers.size() != 1) {
            throw new AssertionError(service + " has " + containers.size() + " containers");
        }
        return containers.getFirst();
    }

    /** Whether the service's pods get their service account's API token, as rendered (null: not said). */
    static Boolean automountServiceAccountToken(Rendered rendered, String service) {
        Optional<Service> ksvc = knativeService(rendered, service);
        return ksvc.isPresent() ? ksvc.get().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()
                : deployment(rendered, service).orElseThrow().getSpec().getTemplate().getSpec()
                        .getAutomountServiceAccountToken();
    }

    /** The volumes of the service's pods. */
    static List<Volume> volumes(Rendered rendered, String service) {
        Optional<Service> ksvc = knativeService(rendered, service);
        List<Volume> volumes = ksvc.isPresent() ? ksvc.get().getSpec().getTemplate().getSpec().getVolumes()
                : deployment(rendered, service).orElseThrow().getSpec().getTemplate().getSpec().getVolumes();
        return volumes == null ? List.of() : volumes;
    }

    /** The service account the service's pods run as, or null for the namespace's default. */
    static String serviceAccountName(Rendered rendered, String service) {
        return knativeService(rendered, service)
                .map(ksvc -> ksvc.getSpec().getTemplate().getSpec().getServiceAccountName())
                .orElseGet(() -> deployment(rendered, service).map(d -> d.getSpec().getTemplate().getSpec())
                        .map(PodSpec::getServiceAccountName).orElse(null));
    }

    /** The annotations of the Knative revision template. */
    static Map<String, String> revisionAnnotations(Rendered rendered, String service) {
        return knativeService(rendered, service).orElseThrow().getSpec().getTemplate().getMetadata().getAnnotations();
    }

    static List<EnvVar> env(Rendered rendered, String service) {
        return container(rendered, service).getEnv();
    }

    static Optional<EnvVar> env(Rendered rendered, String service, String name) {
        return env(rendered, service).stream().filter(env -> env.getName().equals(name)).findFirst();
    }

    /** The plain value of an environment variable the service must have. */
    static String envValue(Rendered rendered, String service, String name) {
        EnvVar env = env(rendered, service, name)
                .orElseThrow(() -> new AssertionError(service + " has no environment variable " + name));
        if (env.getValueFrom() != null) {
            throw new AssertionError(service + ": " + name + " is not a plain value: " + env.getValueFrom());
        }
        return env.getValue();
    }
}
