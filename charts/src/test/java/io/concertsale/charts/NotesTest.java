package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What Helm tells after an install: how to reach the shop, deploy a model and watch it, for each way of installing. */
class NotesTest {

    @Test
    void theSaleTellsWhereTheShopIsAsAKnativeServiceHowToDeployAModelAndWhereOperateIs() {
        String notes = Charts.notes(Charts.UMBRELLA, Variant.DEFAULTS);

        assertThat(notes)
                .contains("kubectl get ksvc frontend-gateway -n concert-sale -o jsonpath='{.status.url}'")
                .contains("/backoffice")
                .contains("kubectl get secret concert-sale -n concert-sale -o jsonpath='{.data.admin-password}'")
                .contains("curl -u \"admin:$SALE_ADMIN_PASSWORD\" -X POST http://localhost:8084/models/tickets-v1/deployments")
                .contains("-l app.kubernetes.io/managed-by=zeebe-cloud-events-router")
                .contains("service/camunda-zeebe-gateway 8088:8080", "http://localhost:8088/operate")
                .contains("serving.knative.dev/service=dead-letter-sink");
    }

    @Test
    void asPlainDeploymentsTheShopIsReachedByPortForward() {
        assertThat(Charts.notes(Charts.UMBRELLA, Variant.DEPLOYMENTS))
                .contains("kubectl port-forward -n concert-sale service/frontend-gateway 8080:80")
                .contains("http://localhost:8080/backoffice")
                .doesNotContain("get ksvc frontend-gateway");
    }

    @Test
    void withCamundaSaasOperateIsInTheConsole() {
        assertThat(Charts.notes(Charts.UMBRELLA, Variant.CAMUNDA_SAAS))
                .contains("Camunda SaaS console, cluster " + Variant.SAAS_CLUSTER_ID)
                .doesNotContain("camunda-zeebe-gateway");
    }

    @Test
    void everyServiceChartSaysHowItRunsAndWhereItsEventsGo() {
        for (String service : Charts.SERVICES) {
            assertThat(Charts.notes(service, Variant.DEFAULTS)).as("notes of %s", service)
                    .contains(service + " " + System.getProperty("project.version") + " runs in namespace concert-sale")
                    .contains("Events go to http://broker-ingress.knative-eventing.svc.cluster.local/concert-sale/default")
                    .contains("umbrella chart concert-sale");
        }
        assertThat(Charts.notes("frontend-gateway", Variant.DEPLOYMENTS))
                .contains("kubectl port-forward -n concert-sale service/frontend-gateway 8080:80");
        assertThat(Charts.notes("queue-service", Variant.DEFAULTS))
                .contains("10 Triggers on Broker \"default\"").contains("PostgreSQL at postgresql:5432/concertsale");
    }
}
