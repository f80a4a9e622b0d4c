package io.concertsale.broker.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.concertsale.events.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every manifest of {@code knative/} is valid for its Knative CRD, so that a cluster accepts it as the broker reads it. */
class KnativeManifestsSchemaTest {

    private static final Map<String, String> SCHEMAS = Map.of(
            "eventing.knative.dev/v1 Broker", "knative-schemas/eventing.knative.dev_broker_v1.json",
            "eventing.knative.dev/v1 Trigger", "knative-schemas/eventing.knative.dev_trigger_v1.json",
            "serving.knative.dev/v1 Service", "knative-schemas/serving.knative.dev_service_v1.json",
            "eventing.knative.dev/v1alpha1 EventPolicy", "knative-schemas/eventing.knative.dev_eventpolicy_v1alpha1.json");

    /** Draft 7 plus the Kubernetes structural-schema annotations, which do not constrain values. */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialect.builder(Dialects.getDraft7())
            .keywords(Stream.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-list-type",
                    "x-kubernetes-map-type", "x-kubernetes-list-map-keys", "x-kubernetes-int-or-string")
                    .map(NonValidationKeyword::new).toList())
            .build());

    @Test
    void everyDocumentIsValidForItsCustomResourceDefinition() {
        List<Map<String, Object>> documents = KnativeManifests.documents();
        assertThat(documents).hasSizeGreaterThan(3);
        for (Map<String, Object> document : documents) {
            String kind = document.get("apiVersion") + " " + document.get("kind");
            assertThat(SCHEMAS).as("a schema for %s", kind).containsKey(kind);
            List<Error> errors = schema(SCHEMAS.get(kind)).validate(EventJson.MAPPER.valueToTree(document));
            assertThat(errors).as("%s %s", kind, ((Map<?, ?>) document.get("metadata")).get("name")).isEmpty();
        }
    }

    @Test
    void theSchemasCatchAMisspelledField() {
        Map<String, Object> trigger = KnativeManifests.documents().stream()
                .filter(document -> "Trigger".equals(document.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> broken = Map.of("apiVersion", trigger.get("apiVersion"), "kind", "Trigger",
                "metadata", trigger.get("metadata"), "spec", Map.of("broker", "default", "subscribr", Map.of()));

        assertThat(schema(SCHEMAS.get("eventing.knative.dev/v1 Trigger")).validate(EventJson.MAPPER.valueToTree(broken)))
                .isNotEmpty();
    }

    private Schema schema(String resource) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
