package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The walker that finds what fabric8 silently keeps in additionalProperties. */
class UnknownFieldsTest {

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
            """;

    @Test
    void aCorrectManifestHasNone() {
        Manifest manifest = Manifest.parseAll("test", KNATIVE_SERVICE.formatted("livenessProbe", "limits")).getFirst();

        assertThat(UnknownFields.of(manifest.resource())).isEmpty();
    }

    @Test
    void misspelledFieldsAreFoundByTheirPathAtAnyDepth() {
        Manifest manifest = Manifest.parseAll("test", KNATIVE_SERVICE.formatted("livenesProbe", "limts")).getFirst();

        assertThat(UnknownFields.of(manifest.resource())).containsExactlyInAnyOrder(
                "spec.template.spec.containers[0].livenesProbe",
                "spec.template.spec.containers[0].resources.limts");
    }

    @Test
    void aMisspelledTriggerFieldIsFound() {
        Manifest manifest = Manifest.parseAll("test", """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: queue-service-sale-opened
                spec:
                  broker: default
                  filter:
                    attributes:
                      type: Sale.Opened
                  subscribr:
                    ref:
                      apiVersion: serving.knative.dev/v1
                      kind: Service
                      name: queue-service
                  delivery:
                    retry: 5
                    backofPolicy: exponential
                """).getFirst();

        assertThat(UnknownFields.of(manifest.resource())).containsExactlyInAnyOrder(
                "spec.subscribr", "spec.delivery.backofPolicy");
    }

    @Test
    void aMisspelledTopLevelFieldOfACoreKindIsFound() {
        Manifest manifest = Manifest.parseAll("test", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: triggers
                  labelz:
                    a: b
                rule:
                  - apiGroups: [eventing.knative.dev]
                """).getFirst();

        assertThat(UnknownFields.of(manifest.resource())).containsExactlyInAnyOrder("metadata.labelz", "rule");
    }
}
