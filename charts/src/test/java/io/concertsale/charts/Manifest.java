package io.concertsale.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One Kubernetes document: its text, the plain tree the YAML parses into, and the typed fabric8 model of its kind
 * (the Knative kinds come from knative-model, registered with fabric8's deserializer through its service file).
 *
 * @param origin where it comes from (a file, or the template that rendered it)
 * @param text the document's YAML
 * @param tree the parsed YAML
 * @param resource the typed model; a {@code GenericKubernetesResource} when fabric8 knows no model for the kind
 */
record Manifest(String origin, String text, Map<String, Object> tree, HasMetadata resource) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Every non-empty document of a multi-document YAML text. */
    static List<Manifest> parseAll(String origin, String text) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : Arrays.stream(text.split("(?m)^---\\s*$")).toList()) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
            if (tree != null) {
                manifests.add(parse(sourceOf(document, origin), document, tree));
            }
        }
        return manifests;
    }

    @SuppressWarnings("unchecked")
    private static Manifest parse(String origin, String document, Object tree) {
        if (!(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(origin + ": not a Kubernetes object:\n" + document);
        }
        HasMetadata resource = SERIALIZATION.unmarshal(document, HasMetadata.class);
        return new Manifest(origin, document, (Map<String, Object>) tree, resource);
    }

    /** Helm marks each rendered document with the template it came from. */
    private static String sourceOf(String document, String origin) {
        return document.lines().filter(line -> line.startsWith("# Source: ")).findFirst()
                .map(line -> line.substring("# Source: ".length())).orElse(origin);
    }

    String kind() {
        return resource.getKind();
    }

    String apiVersion() {
        return resource.getApiVersion();
    }

    String name() {
        return resource.getMetadata().getName();
    }

    @Override
    public String toString() {
        return apiVersion() + " " + kind() + " " + name() + " (" + origin + ")";
    }
}
