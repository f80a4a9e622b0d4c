package io.concertsale.charts;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
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
import java.util.ArrayList;
import java.util.Collection;
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
 *
 * <p>The CRD schemas are not strict everywhere: they leave the object's top level and its {@code metadata} open, and
 * some parts that the CRDs mark {@code x-kubernetes-preserve-unknown-fields} (an EventPolicy's filters, a Knative
 * Service's volume sources). {@link #problems(Manifest)} therefore adds to the schema's complaints the fields that
 * the typed fabric8 model of the kind (knative-model) does not know: fabric8 does not refuse them, it keeps them in
 * {@code additionalProperties}, at any depth, which {@link #unknownFields(Object)} walks.
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
    /** Jackson 2, which fabric8's models are annotated for: to see their properties as fabric8 reads them. */
    private static final ObjectMapper FABRIC8 = new ObjectMapper();

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

    /**
     * What keeps the Knative document from being applied as written: the complaints of its CRD schema and the fields
     * its typed model does not know; empty when it is valid.
     */
    static List<String> problems(Manifest manifest) {
        List<String> problems = new ArrayList<>(validate(manifest).stream().map(Error::toString).toList());
        unknownFields(manifest.resource()).forEach(path -> problems.add(path + ": unknown field (not in the "
                + manifest.resource().getClass().getSimpleName() + " model of knative-model)"));
        return problems;
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

    /** The paths of the fields a fabric8 model keeps as unknown, e.g. {@code spec.subscribr}; empty when none. */
    static List<String> unknownFields(Object model) {
        List<String> unknown = new ArrayList<>();
        walk(model, "", unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "[" + key + "]", unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        BeanDescription description = FABRIC8.getSerializationConfig().introspect(FABRIC8.constructType(value.getClass()));
        AnnotatedMember anyGetter = description.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> additional) {
            additional.keySet().forEach(key -> unknown.add(join(path, String.valueOf(key))));
        }
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && !accessor.equals(anyGetter)) {
                walk(accessor.getValue(value), join(path, property.getName()), unknown);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
