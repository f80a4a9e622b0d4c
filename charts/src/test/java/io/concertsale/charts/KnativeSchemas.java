package io.concertsale.charts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas of the Knative custom resources (from their CRDs), so that a manifest is checked the way a
 * cluster's API server checks it. Broker, Trigger and Knative Service come from the copies kept with the local
 * broker's manifest tests ({@code knative.schemas.dir}); SinkBinding and EventPolicy from this module's test
 * resources.
 */
final class KnativeSchemas {

    private static final Map<String, String> FILES = Map.of(
            "eventing.knative.dev/v1 Broker", "eventing.knative.dev_broker_v1.json",
            "eventing.knative.dev/v1 Trigger", "eventing.knative.dev_trigger_v1.json",
            "serving.knative.dev/v1 Service", "serving.knative.dev_service_v1.json",
            "sources.knative.dev/v1 SinkBinding", "sources.knative.dev_sinkbinding_v1.json",
            "eventing.knative.dev/v1alpha1 EventPolicy", "eventing.knative.dev_eventpolicy_v1alpha1.json");

    /** Draft 7 plus the Kubernetes structural-schema annotations, which do not constrain values. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialect.builder(Dialects.getDraft7())
            .keywords(Stream.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-list-type",
                            "x-kubernetes-map-type", "x-kubernetes-list-map-keys", "x-kubernetes-int-or-string")
                    .map(NonValidationKeyword::new).toList())
            .build());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private KnativeSchemas() {
    }

    static boolean isKnative(Manifest manifest) {
        return manifest.apiVersion().contains("knative.dev/");
    }

    /** The schema of a Knative kind, if there is one. */
    static Optional<Schema> schema(String apiVersion, String kind) {
        String file = FILES.get(apiVersion + " " + kind);
        return file == null ? Optional.empty() : Optional.of(SCHEMAS.computeIfAbsent(file, KnativeSchemas::load));
    }

    /** The schema's complaints about the document; empty when it is valid. */
    static List<Error> validate(Manifest manifest) {
        Schema schema = schema(manifest.apiVersion(), manifest.kind())
                .orElseThrow(() -> new AssertionError("no schema for " + manifest));
        return schema.validate(JSON.valueToTree(manifest.tree()));
    }

    private static Schema load(String file) {
        Path shared = Path.of(System.getProperty("knative.schemas.dir", "../local-broker/src/test/resources/knative-schemas"))
                .resolve(file);
        try (InputStream in = Files.exists(shared) ? Files.newInputStream(shared)
                : KnativeSchemas.class.getClassLoader().getResourceAsStream("knative-schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + file + " in " + shared.getParent() + " nor on the classpath");
            }
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
