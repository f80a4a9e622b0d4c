package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every object the charts render, in every variant and in the other value sets the chart tests use, and every object
 * of {@code knative/}, is valid for the Kubernetes API schema of its kind (Kubernetes {@value
 * KubernetesSchemas#KUBERNETES_VERSION}, strictly: no unknown field) or for the CRD schema of its Knative kind, with no
 * field its typed model does not know either; an object of any other kind fails. This is the charts' one check of
 * unknown fields.
 */
class KubernetesSchemasTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: queue-service
              labels:
                app.kubernetes.io/name: queue-service
            spec:
              replicas: %s
              selector:
                matchLabels:
                  app.kubernetes.io/name: queue-service
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: queue-service
                spec:
                  containers:
                    - %s: queue-service
                      image: localhost:5000/queue-service:1.0.0
                      %s: IfNotPresent
                      ports:
                        - containerPort: 8080
                      resources:
                        limits:
                          memory: 512Mi
                          cpu: 1
                      livenessProbe:
                        httpGet:
                          path: /actuator/health/liveness
                          port: http
            """;

    private static final String KNATIVE_SERVICE = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata:
              name: queue-service
            spec:
              template:
                metadata:
                  annotations:
                    autoscaling.knative.dev/min-scale: "1"
                spec:
                  containers:
                    - image: localhost:5000/queue-service:1.0.0
                      %s:
                        httpGet:
                          path: /actuator/health/liveness
                      resources:
                        %s:
                          memory: 512Mi
                  volumes:
                    - name: tmp
                      emptyDir:
                        %s: 64Mi
            """;

    private static final String TRIGGER = """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: queue-service-sale-opened
              %s:
                app.kubernetes.io/part-of: concert-sale
            spec:
              broker: default
              filter:
                attributes:
                  type: Sale.Opened
              %s:
                ref:
                  apiVersion: serving.knative.dev/v1
                  kind: Service
                  name: queue-service
              delivery:
                retry: 5
                %s: exponential
            %s: true
            """;

    private static final String EVENT_POLICY = """
            apiVersion: eventing.knative.dev/v1alpha1
            kind: EventPolicy
            metadata:
              name: queue-service-produces
            spec:
              to:
                - ref:
                    apiVersion: eventing.knative.dev/v1
                    kind: Broker
                    name: default
              from:
                - sub: system:serviceaccount:concert-sale:queue-service
              filters:
                - any:
                    - %s:
                        type: Queue.Closed
            """;

    static Stream<Arguments> renderings() {
        List<Arguments> renderings = new ArrayList<>();
        ChartLintTest.chartsAndVariants().forEach(arguments -> {
            String chart = (String) arguments.get()[0];
            Variant variant = (Variant) arguments.get()[1];
            renderings.add(rendering(chart + " with " + variant, () -> Charts.render(chart, variant)));
        });
        for (Variant variant : List.of(Variant.DEFAULTS, Variant.DEPLOYMENTS, Variant.SINK_BINDINGS)) {
            renderings.add(umbrella(variant + " without sender identity", variant,
                    Values.of("global.identity.enabled", false)));
            renderings.add(umbrella(variant + " without network policies", variant,
                    Values.of("global.networkPolicy.enabled", false)));
        }
        for (String service : Charts.SERVICES) {
            renderings.add(rendering(service + " without sender identity",
                    () -> Charts.render(service, Values.of("global.identity.enabled", false))));
            renderings.add(rendering(service + " as a Deployment without network policy", () -> Charts.render(service,
                    Values.of("workload", "deployment", "global.networkPolicy.enabled", false))));
        }
        renderings.add(umbrella("a public JWKS", Variant.DEFAULTS,
                Values.of("global.identity.jwksCredentials", false)));
        renderings.add(umbrella("more ingress namespaces", Variant.DEFAULTS, Values.of(
                "global.networkPolicy.serving", List.of(namespace("knative-serving"), namespace("contour-internal")),
                "global.networkPolicy.monitoring", List.of(namespace("monitoring")))));
        renderings.add(umbrella("a public ingress", Variant.DEPLOYMENTS,
                Values.of("global.networkPolicy.publicIngress", List.of(namespace("traefik")))));
        renderings.add(umbrella("the sale's own Kafka ConfigMap", Variant.KAFKA_BROKER, Values.of(
                "broker.kafka.config.create", true, "broker.kafka.config.name", "sale-kafka",
                "broker.kafka.config.bootstrapServers", "kafka-bootstrap.kafka.svc.cluster.local:9092",
                "broker.kafka.config.topicReplicationFactor", 3)));
        renderings.add(umbrella("images from another registry", Variant.DEFAULTS, Values.of(
                "global.image.registry", "registry.example.com/sale", "global.image.tag", "1.4.2",
                "deadLetterSink.image.digest", "sha256:" + "0123456789abcdef".repeat(4))));
        renderings.add(rendering("frontend-gateway with more writable folders", () -> Charts.render(
                "frontend-gateway", Values.of("writableDirs", List.of(Map.of("name", "tmp", "mountPath", "/tmp"),
                        Map.of("name", "cache", "mountPath", "/app/cache"))))));
        return renderings.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyRenderedObjectIsValidForTheSchemaOfItsKind(String name, Supplier<Rendered> rendering) {
        List<Manifest> manifests = rendering.get().manifests();

        assertThat(manifests).as("objects of %s", name).isNotEmpty();
        assertValid(manifests);
    }

    @Test
    void everyObjectOfKnativeFilesIsValidForTheSchemaOfItsKind() {
        List<Manifest> manifests = Stream.concat(KnativeFiles.top().stream(), KnativeFiles.kafka().stream()).toList();

        assertThat(manifests).hasSizeGreaterThan(30);
        assertValid(manifests);
    }

    @Test
    void theRenderingsHoldEveryKindTheChartsUseAndABrokenRenderedObjectIsCaught() {
        List<Manifest> manifests = Stream.of(Variant.DEFAULTS, Variant.DEPLOYMENTS, Variant.SINK_BINDINGS)
                .flatMap(variant -> Charts.render(Charts.UMBRELLA, variant).manifests().stream()).toList();
        List<Manifest> kafka = Charts.render(Charts.UMBRELLA, Values.merge(Variant.KAFKA_BROKER.values(Charts.UMBRELLA),
                Values.of("broker.kafka.config.create", true, "broker.kafka.config.name", "sale-kafka",
                        "broker.kafka.config.bootstrapServers", "kafka.kafka.svc.cluster.local:9092",
                        "broker.kafka.config.topicReplicationFactor", 1))).manifests();

        assertThat(Stream.concat(manifests.stream(), kafka.stream())
                .filter(manifest -> KubernetesSchemas.model(manifest.apiVersion(), manifest.kind()).isPresent())
                .map(manifest -> manifest.apiVersion() + " " + manifest.kind()).distinct())
                .contains("v1 Service", "v1 ServiceAccount", "v1 ConfigMap", "apps/v1 Deployment",
                        "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding",
                        "networking.k8s.io/v1 NetworkPolicy");
        assertThat(manifests).extracting(manifest -> manifest.apiVersion() + " " + manifest.kind())
                .contains("serving.knative.dev/v1 Service", "eventing.knative.dev/v1 Broker",
                        "eventing.knative.dev/v1 Trigger", "eventing.knative.dev/v1alpha1 EventPolicy",
                        "sources.knative.dev/v1 SinkBinding");

        // one of them with a misspelled field deep inside
        Manifest deployment = manifests.stream().filter(manifest -> manifest.kind().equals("Deployment")).findFirst()
                .orElseThrow();
        Manifest broken = Manifest.parseAll("broken", deployment.text().replace("readOnlyRootFilesystem:",
                "readOnlyRootFileSystem:")).getFirst();
        assertThat(KubernetesSchemas.problems(deployment)).isEmpty();
        assertThat(KubernetesSchemas.problems(broken)).anySatisfy(problem ->
                assertThat(problem).contains("readOnlyRootFileSystem"));
        // and a Knative one, in its metadata, which the CRD schema leaves open
        Manifest trigger = manifests.stream().filter(manifest -> manifest.kind().equals("Trigger")).findFirst()
                .orElseThrow();
        Manifest brokenTrigger = Manifest.parseAll("broken", trigger.text().replaceFirst("\n  labels:", "\n  labelz:"))
                .getFirst();
        assertThat(KubernetesSchemas.problems(trigger)).isEmpty();
        assertThat(KubernetesSchemas.problems(brokenTrigger)).anySatisfy(problem ->
                assertThat(problem).contains("metadata.labelz"));
    }

    @Test
    void aValidDeploymentPasses() {
        assertThat(KubernetesSchemas.problems(deployment("2", "name", "imagePullPolicy"))).isEmpty();
    }

    @Test
    void anUnknownFieldIsRefusedWhereverItIs() {
        assertThat(KubernetesSchemas.problems(deployment("2", "name", "imagePulPolicy")))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("/spec/template/spec/containers/0").contains("imagePulPolicy"));
        assertThat(KubernetesSchemas.problems(Manifest.parseAll("test", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: triggers
                  labelz:
                    a: b
                rules: []
                """).getFirst())).anySatisfy(problem -> assertThat(problem).contains("labelz"));
    }

    @Test
    void validKnativeObjectsPass() {
        assertThat(KubernetesSchemas.problems(knative(KNATIVE_SERVICE, "livenessProbe", "limits", "sizeLimit")))
                .isEmpty();
        assertThat(KubernetesSchemas.problems(knative(TRIGGER, "labels", "subscriber", "backoffPolicy", "# none")))
                .isEmpty();
        assertThat(KubernetesSchemas.problems(knative(EVENT_POLICY, "exact"))).isEmpty();
    }

    @Test
    void anUnknownFieldOfAKnativeObjectIsRefusedWhereverItIs() {
        Manifest service = knative(KNATIVE_SERVICE, "livenesProbe", "limts", "sizeLimt");
        Manifest trigger = knative(TRIGGER, "labelz", "subscribr", "backofPolicy", "extra");
        Manifest policy = knative(EVENT_POLICY, "exatc");

        assertThat(KubernetesSchemas.problems(service)).anySatisfy(problem -> assertThat(problem)
                        .contains("spec.template.spec.containers[0].livenesProbe"))
                .anySatisfy(problem -> assertThat(problem).contains("spec.template.spec.containers[0].resources.limts"))
                .anySatisfy(problem -> assertThat(problem).contains("spec.template.spec.volumes[0].emptyDir.sizeLimt"));
        assertThat(KubernetesSchemas.problems(trigger))
                .anySatisfy(problem -> assertThat(problem).contains("metadata.labelz"))
                .anySatisfy(problem -> assertThat(problem).contains("spec.subscribr"))
                .anySatisfy(problem -> assertThat(problem).contains("spec.delivery.backofPolicy"))
                .anySatisfy(problem -> assertThat(problem).startsWith("extra: unknown field"));
        assertThat(KubernetesSchemas.problems(policy))
                .anySatisfy(problem -> assertThat(problem).contains("spec.filters[0].any[0].exatc"));
        // where the CRD schemas leave the object open, only its typed model knows the field is not there
        assertThat(KnativeSchemas.validate(knative(TRIGGER, "labelz", "subscriber", "backoffPolicy", "extra")))
                .isEmpty();
        assertThat(KnativeSchemas.validate(policy)).isEmpty();
        assertThat(KnativeSchemas.validate(knative(KNATIVE_SERVICE, "livenessProbe", "limits", "sizeLimt")))
                .isEmpty();
    }

    @Test
    void aValueOutsideItsEnumerationIsRefused() {
        Manifest sometimes = Manifest.parseAll("test", DEPLOYMENT.formatted("2", "name", "imagePullPolicy")
                .replace("IfNotPresent", "Sometimes")).getFirst();

        assertThat(KubernetesSchemas.problems(sometimes)).anySatisfy(problem -> assertThat(problem)
                .contains("/spec/template/spec/containers/0/imagePullPolicy").contains("enumeration"));
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        Manifest nameless = deployment("2", "# name", "imagePullPolicy");

        assertThat(KubernetesSchemas.problems(nameless)).anySatisfy(problem -> assertThat(problem)
                .contains("/spec/template/spec/containers/0").contains("name"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        // fabric8's typed model does not even read it, so straight from the YAML
        Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(DEPLOYMENT.formatted("two", "name", "imagePullPolicy"));

        assertThat(KubernetesSchemas.validate(KubernetesSchemas.model("apps/v1", "Deployment").orElseThrow(), tree))
                .anySatisfy(problem -> assertThat(problem).contains("/spec/replicas").contains("integer"));
    }

    @Test
    void anObjectOfAKindWithoutSchemaIsRefused() {
        Manifest unknown = Manifest.parseAll("test", """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: queue-service
                """).getFirst();
        Manifest knativeWithoutSchema = Manifest.parseAll("test", """
                apiVersion: messaging.knative.dev/v1
                kind: InMemoryChannel
                metadata:
                  name: sale
                """).getFirst();

        assertThat(KubernetesSchemas.problems(unknown)).singleElement().asString()
                .startsWith("no schema for apps/v1 ReplicaSet");
        assertThat(KubernetesSchemas.problems(knativeWithoutSchema)).singleElement().asString()
                .startsWith("no schema for messaging.knative.dev/v1 InMemoryChannel");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemasAreStrictAndComeFromTheSpecOfOneKubernetesVersion() throws IOException {
        Map<String, Map<String, Object>> definitions = (Map<String, Map<String, Object>>) KubernetesSchemas
                .jsonSchemaOf(KubernetesSchemas.model("apps/v1", "Deployment").orElseThrow()).get("definitions");

        assertThat(definitions).containsKeys("V1Deployment", "V1PodSpec", "V1Container", "V1ObjectMeta");
        assertThat(definitions.values()).allSatisfy(definition ->
                assertThat(definition).containsEntry("additionalProperties", false));
        assertThat(definitions.get("V1Container")).extractingByKey("required").isEqualTo(List.of("name"));
        // a field new in Kubernetes 1.34 (container restart rules), so the schemas are not older than that
        assertThat(((Map<?, ?>) definitions.get("V1Container").get("properties")).containsKey("restartPolicyRules"))
                .isTrue();

        // the models are those of the client-java version that KubernetesSchemas names
        Properties pom = new Properties();
        try (InputStream in = KubernetesSchemas.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/io.kubernetes/client-java-api/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).isEqualTo(KubernetesSchemas.CLIENT_JAVA_VERSION);

        // every known kind translates, and every restored enumeration is on a property its description confirms
        Map<String, Object> all = new HashMap<>();
        for (Class<?> model : KubernetesSchemas.models()) {
            all.putAll((Map<String, Object>) KubernetesSchemas.jsonSchemaOf(model).get("definitions"));
        }
        assertThat(KubernetesSchemas.enumerated()).allSatisfy(property -> {
            String[] parts = property.split("\\.");
            assertThat(((Map<?, ?>) ((Map<?, ?>) all.get(parts[0])).get("properties")).get(parts[1]).toString())
                    .as(property).contains("enum");
        });
    }

    private static void assertValid(List<Manifest> manifests) {
        for (Manifest manifest : manifests) {
            assertThat(KubernetesSchemas.problems(manifest)).as("%s is not valid for the schema of its kind", manifest)
                    .isEmpty();
        }
    }

    private static Manifest knative(String template, String... fields) {
        return Manifest.parseAll("test", template.formatted((Object[]) fields)).getFirst();
    }

    private static Manifest deployment(String replicas, String nameField, String pullPolicyField) {
        return Manifest.parseAll("test", DEPLOYMENT.formatted(replicas, nameField, pullPolicyField)).getFirst();
    }

    private static Arguments rendering(String name, Supplier<Rendered> rendering) {
        return Arguments.of(name, rendering);
    }

    private static Arguments umbrella(String name, Variant variant, Map<String, Object> values) {
        return rendering(Charts.UMBRELLA + " with " + name,
                () -> Charts.render(Charts.UMBRELLA, Values.merge(variant.values(Charts.UMBRELLA), values)));
    }

    private static Map<String, Object> namespace(String name) {
        return Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
    }
}
