package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document a chart renders, in every variant, reads into its typed model, names no namespace, and a Knative one
 * is valid for its CRD. Unknown fields and the Kubernetes API schemas are {@link KubernetesSchemasTest}'s.
 */
class RenderedManifestsTest {

    static Stream<Arguments> chartsAndVariants() {
        return ChartLintTest.chartsAndVariants();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("chartsAndVariants")
    void everyDocumentReadsIntoItsTypedModel(String chart, Variant variant) {
        Rendered rendered = Charts.render(chart, variant);

        assertThat(rendered.manifests()).as("rendered %s", chart).isNotEmpty();
        for (Manifest manifest : rendered.manifests()) {
            assertThat(manifest.resource()).as("model of %s", manifest).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(manifest.name()).as("name of %s", manifest).isNotBlank();
            assertThat(manifest.resource().getMetadata().getNamespace())
                    .as("namespace of %s (left to helm install -n)", manifest).isNull();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("chartsAndVariants")
    void everyKnativeDocumentIsValidForItsCustomResourceDefinition(String chart, Variant variant) {
        List<Manifest> knative = Charts.render(chart, variant).manifests().stream()
                .filter(KnativeSchemas::isKnative).toList();

        // every service produces events, so every chart renders at least its EventPolicy (global.identity), even as
        // plain Deployments without Triggers
        assertThat(knative).as("Knative documents in %s", chart).extracting(Manifest::kind).contains("EventPolicy");
        for (Manifest manifest : knative) {
            assertThat(KnativeSchemas.validate(manifest)).as("schema errors of %s", manifest).isEmpty();
        }
    }
}
