package io.concertsale.charts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ways the sale is installed that the tests render and lint. For the umbrella chart each is one of the example
 * values files of {@code charts/concert-sale/examples}, so the documented files are the tested ones.
 */
enum Variant {

    /** The charts' own values: Knative Services, the in-memory channel broker, Zeebe from Camunda's Helm chart. */
    DEFAULTS(null),
    /** Knative's Kafka broker class. */
    KAFKA_BROKER("kafka-broker.yaml"),
    /** Plain Deployments and Services instead of Knative Services. */
    DEPLOYMENTS("deployments.yaml"),
    /** Camunda SaaS with client credentials from a Secret. */
    CAMUNDA_SAAS("camunda-saas.yaml"),
    /** K_SINK injected by Knative SinkBindings instead of set to the Broker's address. */
    SINK_BINDINGS("sink-bindings.yaml");

    static final String SAAS_CLUSTER_ID = "4f1c8a2e-6b0d-4a55-9d2e-0c7e3b1f9a10";
    static final String SAAS_REGION = "bru-2";

    private final String example;

    Variant(String example) {
        this.example = example;
    }

    /** Whether the variant changes anything in the chart (Camunda SaaS concerns the router only). */
    boolean appliesTo(String chart) {
        return this != CAMUNDA_SAAS || chart.equals("zeebe-cloud-events-router") || chart.equals(Charts.UMBRELLA);
    }

    /** A SaaS cluster's id and region, as a user passes them with --set. */
    static Map<String, Object> saasCluster() {
        return Values.of("zeebe.saas.clusterId", SAAS_CLUSTER_ID, "zeebe.saas.region", SAAS_REGION);
    }

    /** The values this variant sets on top of the chart's own. */
    Map<String, Object> values(String chart) {
        if (this == DEFAULTS) {
            return new LinkedHashMap<>();
        }
        if (chart.equals(Charts.UMBRELLA)) {
            Map<String, Object> values = Values.read(Charts.source(Charts.UMBRELLA).resolve("examples").resolve(example));
            // the example leaves the cluster to --set, as a user does
            return this == CAMUNDA_SAAS ? Values.merge(values, Values.under("zeebe-cloud-events-router", saasCluster()))
                    : values;
        }
        return switch (this) {
            case KAFKA_BROKER -> Values.of("global.broker.class", "Kafka");
            case DEPLOYMENTS -> Values.of("workload", "deployment");
            case CAMUNDA_SAAS -> chart.equals("zeebe-cloud-events-router")
                    ? Values.merge(Values.of("zeebe.mode", "saas", "zeebe.credentials.secretName", "concert-sale-zeebe"),
                            saasCluster())
                    : new LinkedHashMap<>();
            case SINK_BINDINGS -> Values.of("events.sink", "sinkBinding");
            case DEFAULTS -> new LinkedHashMap<>();
        };
    }
}
