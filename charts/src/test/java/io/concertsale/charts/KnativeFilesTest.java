package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plain manifests of {@code knative/} and its Kafka variant read into their typed models and are valid for their
 * CRDs (the local broker's tests check the top folder's routing; the variant is only here; unknown fields are
 * {@link KubernetesSchemasTest}'s).
 */
class KnativeFilesTest {

    @Test
    void everyDocumentReadsIntoItsTypedModelAndIsValidForItsCrd() {
        List<Manifest> manifests = Stream.concat(KnativeFiles.top().stream(), KnativeFiles.kafka().stream()).toList();

        assertThat(manifests).hasSizeGreaterThan(30);
        for (Manifest manifest : manifests) {
            assertThat(manifest.resource()).as("model of %s", manifest).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(manifest.resource().getMetadata().getNamespace()).as("namespace of %s", manifest).isNull();
            assertThat(KnativeSchemas.validate(manifest)).as("schema errors of %s", manifest).isEmpty();
        }
    }

    @Test
    void theKafkaVariantReplacesTheBrokerOnlyWithTheSameNameAndDelivery() {
        List<Path> variant = KnativeFiles.files(Charts.knativeDir().resolve("kafka"));
        assertThat(variant).extracting(file -> file.getFileName().toString()).containsExactly("100-broker.yaml");

        Broker kafka = (Broker) KnativeFiles.kafka().stream().collect(single()).resource();
        Broker memory = (Broker) KnativeFiles.top().stream().filter(manifest -> manifest.kind().equals("Broker"))
                .collect(single()).resource();
        assertThat(kafka.getMetadata().getName()).isEqualTo(memory.getMetadata().getName());
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("eventing.knative.dev/broker.class", "Kafka");
        assertThat(kafka.getSpec().getDelivery()).isEqualTo(memory.getSpec().getDelivery());
        assertThat(kafka.getSpec().getConfig().getKind()).isEqualTo("ConfigMap");
        assertThat(kafka.getSpec().getConfig().getName()).isEqualTo("kafka-broker-config");
        assertThat(kafka.getSpec().getConfig().getNamespace()).isEqualTo("knative-eventing");
    }

    private static Collector<Manifest, ?, Manifest> single() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.getFirst();
        });
    }
}
