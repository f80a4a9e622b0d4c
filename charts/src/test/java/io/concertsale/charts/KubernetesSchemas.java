package io.concertsale.charts;

import com.google.gson.JsonParser;
import com.google.gson.annotations.SerializedName;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.kubernetes.client.custom.IntOrString;
import io.swagger.annotations.ApiModelProperty;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schemas of the Kubernetes API of one Kubernetes version ({@value #KUBERNETES_VERSION}), so that every object a
 * chart or {@code knative/} holds is checked the way {@code kubectl apply --validate=strict} checks it: every field
 * known to the API, of its type, the required ones there.
 *
 * <p>The schemas come from the official Kubernetes Java client's models ({@code io.kubernetes:client-java-api}
 * {@value #CLIENT_JAVA_VERSION}, Apache-2.0, a test dependency from Maven Central), which the Kubernetes project
 * generates from the OpenAPI spec of Kubernetes {@value #KUBERNETES_VERSION}. Each model class carries the spec's
 * schema of its definition: its properties (with their JSON names and types) and its required properties. This class
 * turns them into strict JSON Schemas (draft 7, {@code additionalProperties: false} everywhere the spec names the
 * properties) and validates with the same validator as the Knative CRD schemas. The models' own validation
 * ({@code validateJsonElement}, which refuses unknown and missing required fields too) runs as well, as a second
 * opinion on the translation. The models lose the spec's enumerations (enumerated fields are plain strings): those
 * of the fields the charts set are listed in {@link #ENUMS}, each checked against the spec's description of its
 * field that the model keeps.
 *
 * <p>{@link #problems(Manifest)} is the single entry, and the one check of unknown fields: a Kubernetes kind is
 * validated here, a Knative kind against its CRD schema and its typed model, which together refuse any field the kind
 * does not know ({@link KnativeSchemas#problems(Manifest)}), and any other kind is a problem in itself, so nothing goes
 * unvalidated.
 */
final class KubernetesSchemas {

    static final String KUBERNETES_VERSION = "1.34";
    static final String CLIENT_JAVA_VERSION = "25.0.0";

    /** The kinds of Kubernetes itself that the charts may render, by apiVersion and kind. */
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1 ConfigMap", V1ConfigMap.class),
            Map.entry("v1 Secret", V1Secret.class),
            Map.entry("v1 Service", V1Service.class),
            Map.entry("v1 ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1 Pod", V1Pod.class),
            Map.entry("v1 PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("apps/v1 Deployment", V1Deployment.class),
            Map.entry("apps/v1 StatefulSet", V1StatefulSet.class),
            Map.entry("apps/v1 DaemonSet", V1DaemonSet.class),
            Map.entry("batch/v1 Job", V1Job.class),
            Map.entry("batch/v1 CronJob", V1CronJob.class),
            Map.entry("rbac.authorization.k8s.io/v1 Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", V1RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1 ClusterRole", V1ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1 ClusterRoleBinding", V1ClusterRoleBinding.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", V1Ingress.class),
            Map.entry("policy/v1 PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class));

    /**
     * The enumerations of the spec that the models lose (their generator keeps enumerated fields as plain strings),
     * for the fields the charts set: definition.property, its values. Each is checked against the property's own
     * description in the model, which names every allowed value.
     */
    private static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("V1Container.imagePullPolicy", List.of("Always", "Never", "IfNotPresent")),
            Map.entry("V1Container.terminationMessagePolicy", List.of("File", "FallbackToLogsOnError")),
            Map.entry("V1ContainerPort.protocol", List.of("UDP", "TCP", "SCTP")),
            Map.entry("V1ServicePort.protocol", List.of("UDP", "TCP", "SCTP")),
            Map.entry("V1NetworkPolicyPort.protocol", List.of("UDP", "TCP", "SCTP")),
            Map.entry("V1ServiceSpec.type", List.of("ExternalName", "ClusterIP", "NodePort", "LoadBalancer")),
            Map.entry("V1PodSpec.restartPolicy", List.of("Always", "OnFailure", "Never")),
            Map.entry("V1PodSpec.dnsPolicy", List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")),
            Map.entry("V1NetworkPolicySpec.policyTypes", List.of("Ingress", "Egress")),
            Map.entry("V1SeccompProfile.type", List.of("Localhost", "RuntimeDefault", "Unconfined")),
            Map.entry("V1DeploymentStrategy.type", List.of("Recreate", "RollingUpdate")));

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft7());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Class<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private KubernetesSchemas() {
    }

    /** The model classes of the Kubernetes kinds known here. */
    static Collection<Class<?>> models() {
        return KINDS.values();
    }

    /** The definition.property names whose enumeration is restored. */
    static Set<String> enumerated() {
        return ENUMS.keySet();
    }

    /** The model class of a Kubernetes kind, if this is one. */
    static Optional<Class<?>> model(String apiVersion, String kind) {
        return Optional.ofNullable(KINDS.get(apiVersion + " " + kind));
    }

    /**
     * What keeps the object from being applied as written, against the Kubernetes API schema of its kind or the
     * Knative CRD schema of its kind; empty when it is valid. An object of any other kind is refused.
     */
    static List<String> problems(Manifest manifest) {
        Optional<Class<?>> model = model(manifest.apiVersion(), manifest.kind());
        if (model.isPresent()) {
            return validate(model.get(), manifest.tree());
        }
        if (KnativeSchemas.schema(manifest.apiVersion(), manifest.kind()).isPresent()) {
            return KnativeSchemas.problems(manifest);
        }
        return List.of("no schema for " + manifest.apiVersion() + " " + manifest.kind()
                + ": neither a Kubernetes kind of KubernetesSchemas nor a Knative kind with a CRD schema");
    }

    /** The complaints of the strict schema of the model, and of the model's own validation, about the object. */
    static List<String> validate(Class<?> model, Map<String, Object> tree) {
        // the API server takes an explicit null as an absent field
        Object object = withoutNulls(tree);
        List<String> problems = new ArrayList<>(SCHEMAS.computeIfAbsent(model, KubernetesSchemas::schemaOf)
                .validate(JSON.valueToTree(object)).stream().map(Error::toString).toList());
        try {
            model.getMethod("validateJsonElement", com.google.gson.JsonElement.class)
                    .invoke(null, JsonParser.parseString(JSON.writeValueAsString(object)));
        } catch (InvocationTargetException e) {
            problems.add(model.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return problems;
    }

    /** The strict JSON Schema of a model, with a definition for every model it reaches. */
    static Map<String, Object> jsonSchemaOf(Class<?> model) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        define(model, definitions);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("$ref", "#/definitions/" + model.getSimpleName());
        schema.put("definitions", definitions);
        return schema;
    }

    private static Schema schemaOf(Class<?> model) {
        return REGISTRY.getSchema(JSON.valueToTree(jsonSchemaOf(model)));
    }

    private static void define(Class<?> model, Map<String, Object> definitions) {
        if (definitions.containsKey(model.getSimpleName())) {
            return;
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definitions.put(model.getSimpleName(), definition);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Field field : model.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            SerializedName name = field.getAnnotation(SerializedName.class);
            String property = name == null ? field.getName() : name.value();
            Map<String, Object> schema = typeSchema(field.getGenericType(), model, definitions);
            List<String> values = ENUMS.get(model.getSimpleName() + "." + property);
            properties.put(property, values == null ? schema : enumerated(schema, values, model, field));
        }
        Set<String> required = new TreeSet<>(staticSet(model, "openapiRequiredFields"));
        Set<String> known = staticSet(model, "openapiFields");
        if (!known.equals(properties.keySet())) {
            throw new IllegalStateException(model.getName() + ": fields " + properties.keySet()
                    + " are not the spec's " + known);
        }
        definition.put("type", "object");
        definition.put("properties", properties);
        if (!required.isEmpty()) {
            definition.put("required", List.copyOf(required));
        }
        definition.put("additionalProperties", false);
    }

    /** The string (or list of strings) schema restricted to the values, which the spec's description must name. */
    private static Map<String, Object> enumerated(Map<String, Object> schema, List<String> values, Class<?> model,
            Field field) {
        String description = description(model, field);
        for (String value : values) {
            if (!description.contains(value)) {
                throw new IllegalStateException(model.getSimpleName() + "." + field.getName()
                        + ": the spec's description does not name " + value + ": " + description);
            }
        }
        if ("string".equals(schema.get("type"))) {
            return Map.of("type", "string", "enum", values);
        }
        if ("array".equals(schema.get("type"))) {
            return Map.of("type", "array", "items", Map.of("type", "string", "enum", values));
        }
        throw new IllegalStateException(model.getSimpleName() + "." + field.getName() + " is not a string: " + schema);
    }

    private static String description(Class<?> model, Field field) {
        String getter = "get" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        try {
            ApiModelProperty property = model.getMethod(getter).getAnnotation(ApiModelProperty.class);
            if (property == null) {
                throw new IllegalStateException(model.getName() + "." + getter + " has no description");
            }
            return property.value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(model.getName() + " has no " + getter, e);
        }
    }

    private static Map<String, Object> typeSchema(Type type, Class<?> owner, Map<String, Object> definitions) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", typeSchema(arguments[0], owner, definitions));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", typeSchema(arguments[1], owner, definitions));
            }
        }
        if (type instanceof Class<?> type1) {
            if (type1 == String.class || type1 == OffsetDateTime.class || type1 == byte[].class) {
                // a date-time, and bytes in base64
                return Map.of("type", "string");
            }
            if (type1 == Integer.class || type1 == Long.class) {
                return Map.of("type", "integer");
            }
            if (type1 == Boolean.class) {
                return Map.of("type", "boolean");
            }
            if (type1 == Double.class || type1 == Float.class || type1 == BigDecimal.class) {
                return Map.of("type", "number");
            }
            if (type1 == IntOrString.class) {
                return Map.of("type", List.of("integer", "string"));
            }
            if (type1 == Quantity.class) {
                return Map.of("type", List.of("string", "number"));
            }
            if (type1 == Object.class) {
                return Map.of();
            }
            if (type1.getName().startsWith(MODELS)) {
                define(type1, definitions);
                return Map.of("$ref", "#/definitions/" + type1.getSimpleName());
            }
        }
        throw new IllegalStateException("no JSON Schema for the type " + type + " in " + owner.getName());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> model, String name) {
        try {
            Field field = model.getDeclaredField(name);
            field.setAccessible(true);
            return (Set<String>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getName() + " has no " + name, e);
        }
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> {
                if (element != null) {
                    copy.put(String.valueOf(key), withoutNulls(element));
                }
            });
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(KubernetesSchemas::withoutNulls).toList();
        }
        return value;
    }
}
