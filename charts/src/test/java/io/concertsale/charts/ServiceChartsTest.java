package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What matters in what the charts render: probes, resources, routing, secrets, scaling, RBAC and configuration. */
class ServiceChartsTest {

    private static final String QUEUE = "queue-service";
    private static final String TICKETS = "tickets-service";
    private static final String PAYMENTS = "payments-service";
    private static final String GATEWAY = "frontend-gateway";
    private static final String ROUTER = "zeebe-cloud-events-router";
    private static final String NS = Charts.NAMESPACE;
    /** Names of environment variables that carry a credential: they may only come from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_?KEYS?|CLIENT_ID).*");

    private static Rendered sale(Variant variant) {
        return Charts.render(Charts.UMBRELLA, variant);
    }

    static Stream<Variant> workloadVariants() {
        return Stream.of(Variant.DEFAULTS, Variant.DEPLOYMENTS);
    }

    @ParameterizedTest
    @MethodSource("workloadVariants")
    void everyServiceIsProbedOnItsActuatorHealthGroupsAndDeclaresItsResources(Variant variant) {
        Rendered sale = sale(variant);
        for (String service : Charts.SERVICES) {
            Container container = Workloads.container(sale, service);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness of %s", service)
                    .isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("readiness of %s", service)
                    .isEqualTo("/actuator/health/readiness");
            // Knative probes the serving port by itself; a Deployment names it
            IntOrString port = variant == Variant.DEPLOYMENTS ? new IntOrString("http") : null;
            assertThat(container.getLivenessProbe().getHttpGet().getPort()).as("liveness port of %s", service)
                    .isEqualTo(port);
            assertThat(container.getReadinessProbe().getHttpGet().getPort()).as("readiness port of %s", service)
                    .isEqualTo(port);
            assertThat(container.getPorts()).singleElement().satisfies(
                    containerPort -> assertThat(containerPort.getContainerPort()).isEqualTo(8080));
            assertThat(Workloads.envValue(sale, service, "SERVER_PORT")).isEqualTo("8080");
            Map<String, Quantity> requests = container.getResources().getRequests();
            assertThat(requests).as("requests of %s", service).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("limits of %s", service).containsKey("memory");
            assertThat(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")))
                    .as("memory limit of %s", service).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
            assertThat(container.getSecurityContext().getRunAsNonRoot()).as("non-root %s", service).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("workloadVariants")
    void everyServiceHasAStartupProbeThatGivesTheJvmAndFlywayFiveMinutesToStart(Variant variant) {
        Rendered sale = sale(variant);
        for (String service : Charts.SERVICES) {
            Container container = Workloads.container(sale, service);
            var startup = container.getStartupProbe();
            assertThat(startup).as("startup probe of %s", service).isNotNull();
            assertThat(startup.getHttpGet().getPath()).as("startup probe of %s", service)
                    .isEqualTo(container.getLivenessProbe().getHttpGet().getPath());
            assertThat(startup.getHttpGet().getPort()).as("startup port of %s", service)
                    .isEqualTo(container.getLivenessProbe().getHttpGet().getPort());
            // the liveness probe only starts once the startup probe succeeded: until then the start may take
            // periodSeconds x failureThreshold
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as("start allowed to %s", service)
                    .isGreaterThanOrEqualTo(300);
        }
        Container tuned = Workloads.container(Charts.render(TICKETS, Values.of("probes.startup.failureThreshold", 60)),
                TICKETS);
        assertThat(tuned.getStartupProbe().getFailureThreshold()).isEqualTo(60);
    }

    @ParameterizedTest
    @MethodSource("workloadVariants")
    void everyServiceRunsOnAReadOnlyRootFilesystemAndWritesOnlyToEmptyDirs(Variant variant) {
        Rendered sale = sale(variant);
        for (String service : Charts.SERVICES) {
            Container container = Workloads.container(sale, service);
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as("read-only root of %s", service).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as("privilege escalation of %s", service).isFalse();
            assertThat(security.getCapabilities().getDrop()).as("capabilities of %s", service).containsExactly("ALL");
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            List<Volume> volumes = Workloads.volumes(sale, service);
            assertThat(container.getVolumeMounts()).as("mounts of %s", service)
                    .extracting(VolumeMount::getMountPath).contains("/tmp");
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = volumes.stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                        .collect(singleOne("volume " + mount.getName() + " of " + service));
                if (volume.getEmptyDir() != null) {
                    assertThat(mount.getReadOnly()).as("%s of %s", mount.getMountPath(), service).isNotEqualTo(true);
                } else {
                    // the only other volumes: the tokens of sender identity, projected and read-only
                    assertThat(volume.getProjected()).as("volume %s of %s", volume.getName(), service).isNotNull();
                    assertThat(mount.getReadOnly()).as("%s of %s", mount.getMountPath(), service).isTrue();
                }
            }
        }
        // another folder is one more entry
        Rendered more = Charts.render(GATEWAY, Values.of("writableDirs", List.of(
                Map.of("name", "tmp", "mountPath", "/tmp"), Map.of("name", "cache", "mountPath", "/app/cache"))));
        assertThat(Workloads.container(more, GATEWAY).getVolumeMounts())
                .filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly())).extracting(VolumeMount::getMountPath)
                .containsExactly("/tmp", "/app/cache");
        assertThat(Workloads.volumes(more, GATEWAY)).filteredOn(volume -> volume.getEmptyDir() != null)
                .extracting(Volume::getName).containsExactly("tmp", "cache");
    }

    @ParameterizedTest
    @MethodSource("workloadVariants")
    void onlyTheRouterWhichManagesTriggersGetsAKubernetesApiToken(Variant variant) {
        Rendered sale = sale(variant);
        for (String service : List.of(QUEUE, TICKETS, PAYMENTS, GATEWAY)) {
            assertThat(Workloads.automountServiceAccountToken(sale, service)).as("API token in %s", service).isFalse();
        }
        // Knative's webhook refuses the field set to true ("must not set the field(s)"): the router's pod leaves it
        // out, and Kubernetes mounts the token by default
        assertThat(Workloads.automountServiceAccountToken(sale, ROUTER)).as("API token in the router").isNull();
    }

    @ParameterizedTest
    @FieldSource("io.concertsale.charts.Charts#SERVICES")
    void aKnativeTimeoutLeftOutRendersAsKnativesDefault(String service) {
        Rendered defaults = Charts.render(service, Variant.DEFAULTS);
        // absent, as Helm 3.17 and 3.18 see a null default and --set knative.timeoutSeconds=null leaves it: the
        // schema must not require it, and the chart renders the same
        Rendered withoutTimeout = Charts.renderWithout(service, "knative.timeoutSeconds");

        assertThat(withoutTimeout.text()).isEqualTo(defaults.text());
        assertThat(Workloads.knativeService(defaults, service).orElseThrow().getSpec().getTemplate().getSpec()
                .getTimeoutSeconds()).as("timeout of %s", service).isNull();
        assertThat(Workloads.knativeService(Charts.render(service, Values.of("knative.timeoutSeconds", 600)), service)
                .orElseThrow().getSpec().getTemplate().getSpec().getTimeoutSeconds()).isEqualTo(600L);
    }

    @Test
    void everyServiceScalesBetweenAtLeastOneInstanceAndItsMaximumOnConcurrency() {
        Rendered sale = sale(Variant.DEFAULTS);
        for (String service : Charts.SERVICES) {
            Map<String, String> annotations = Workloads.revisionAnnotations(sale, service);
            assertThat(annotations).as("autoscaling of %s", service)
                    .containsEntry("autoscaling.knative.dev/metric", "concurrency")
                    .containsKeys("autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale",
                            "autoscaling.knative.dev/target");
            int min = Integer.parseInt(annotations.get("autoscaling.knative.dev/min-scale"));
            int max = Integer.parseInt(annotations.get("autoscaling.knative.dev/max-scale"));
            // the outbox relay and the schedulers run inside each service: never scaled to zero
            assertThat(min).as("min-scale of %s", service).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(max);
            assertThat(Integer.parseInt(annotations.get("autoscaling.knative.dev/target"))).isPositive();
        }
    }

    @Test
    void theQueueServiceScalesOutAndUpdatesOneInstanceAtATimeInEitherWorkload() {
        Map<String, String> annotations = Workloads.revisionAnnotations(sale(Variant.DEFAULTS), QUEUE);
        assertThat(annotations).containsEntry("autoscaling.knative.dev/min-scale", "1")
                .containsEntry("autoscaling.knative.dev/max-scale", "3");

        Deployment deployment = Workloads.deployment(sale(Variant.DEPLOYMENTS), QUEUE).orElseThrow();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void theQueueServiceChartTakesMoreInstancesButNeverNone() {
        Rendered scaled = Charts.render(QUEUE, Values.of("autoscaling.maxScale", 5));
        assertThat(Workloads.revisionAnnotations(scaled, QUEUE))
                .containsEntry("autoscaling.knative.dev/max-scale", "5");
        assertThat(Workloads.envValue(scaled, QUEUE, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEqualTo("2");
        Rendered replicas = Charts.render(QUEUE, Values.of("workload", "deployment", "deployment.replicas", 3));
        assertThat(Workloads.deployment(replicas, QUEUE).orElseThrow().getSpec().getReplicas()).isEqualTo(3);
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("queue-service.autoscaling.minScale", 0)))
                .hasMessageContaining("minScale");
        assertThatThrownBy(() -> Charts.render(QUEUE, Values.of("workload", "deployment", "deployment.replicas", 0)))
                .hasMessageContaining("replicas");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyTriggerRetriesWithBackoffAndEndsAtTheDeadLetterSinkTheSaleInstalls(Variant variant) {
        Rendered sale = sale(variant);
        List<Trigger> triggers = sale.all(Trigger.class);

        assertThat(triggers).hasSizeGreaterThan(30);
        for (Trigger trigger : triggers) {
            var delivery = trigger.getSpec().getDelivery();
            assertThat(delivery).as("delivery of %s", trigger.getMetadata().getName()).isNotNull();
            assertThat(delivery.getRetry()).isEqualTo(5);
            assertThat(delivery.getBackoffPolicy()).isEqualTo("exponential");
            assertThat(delivery.getBackoffDelay()).isEqualTo("PT0.2S");
            assertThat(delivery.getDeadLetterSink().getRef().getKind()).isEqualTo("Service");
            assertThat(delivery.getDeadLetterSink().getRef().getApiVersion()).isEqualTo("serving.knative.dev/v1");
            assertThat(delivery.getDeadLetterSink().getRef().getName()).isEqualTo("dead-letter-sink");
            assertThat(trigger.getSpec().getBroker()).isEqualTo("default");
        }
        assertThat(sale.find(Service.class, "dead-letter-sink")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void triggersSubscribeTheServicesInTheirWorkloadsForm(Variant variant) {
        String apiVersion = variant == Variant.DEPLOYMENTS ? "v1" : "serving.knative.dev/v1";
        for (Trigger trigger : sale(variant).all(Trigger.class)) {
            var ref = trigger.getSpec().getSubscriber().getRef();
            assertThat(ref.getApiVersion()).as("subscriber of %s", trigger.getMetadata().getName()).isEqualTo(apiVersion);
            assertThat(ref.getKind()).isEqualTo("Service");
            assertThat(trigger.getSpec().getSubscriber().getUri()).isEqualTo("/events");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noSecretValueIsRenderedOnlyReferencesToSecrets(Variant variant) {
        for (String chart : Charts.INSTALLABLE) {
            if (!variant.appliesTo(chart)) {
                continue;
            }
            Rendered rendered = Charts.render(chart, variant);
            assertThat(rendered.manifests()).as("Secrets rendered by %s", chart)
                    .noneMatch(manifest -> manifest.kind().equals("Secret"));
            for (String service : Charts.SERVICES) {
                if (!chart.equals(service) && !chart.equals(Charts.UMBRELLA)) {
                    continue;
                }
                for (EnvVar env : Workloads.env(rendered, service)) {
                    if (env.getName().endsWith("_FILE")) {
                        // the path of a file (a token the kubelet or Knative mounts), never the credential itself
                        // (SenderIdentityChartsTest checks what is mounted there)
                        assertThat(env.getValue()).as("%s of %s (%s)", env.getName(), service, chart)
                                .matches("/[-a-z0-9./]+");
                        assertThat(env.getValueFrom()).isNull();
                        continue;
                    }
                    if (SECRET_NAME.matcher(env.getName()).matches()) {
                        assertThat(env.getValue()).as("%s of %s (%s)", env.getName(), service, chart).isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as("%s of %s", env.getName(), service)
                                .isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void theSchemaRefusesASecretValueInTheExtraEnvironment() {
        assertThatThrownBy(() -> Charts.render(GATEWAY,
                Values.of("extraEnv", List.of(Map.of("name", "SALE_ADMIN_PASSWORD", "value", "letmein")))))
                .hasMessageContaining("extraEnv");
        // in any case, as before the pattern lost its (?i)
        for (String name : List.of("db_password", "Zeebe_Client_Secret", "refresh-token", "PAYMENTS_APIKEYS")) {
            assertThatThrownBy(() -> Charts.render(GATEWAY,
                    Values.of("extraEnv", List.of(Map.of("name", name, "value", "letmein")))))
                    .as(name).hasMessageContaining("extraEnv");
        }
        assertThat(Workloads.envValue(Charts.render(GATEWAY,
                        Values.of("extraEnv", List.of(Map.of("name", "GATEWAY_SESSIONS_IDLETIMEOUT", "value", "5m")))),
                GATEWAY, "GATEWAY_SESSIONS_IDLETIMEOUT")).isEqualTo("5m");
    }

    @Test
    void queueAndTicketsReadTheAdmissionTokenSecretFromTheSameSecretKey() {
        Rendered sale = sale(Variant.DEFAULTS);
        SecretKeySelector queue = secretRef(sale, QUEUE, "SALE_ADMISSION_TOKEN_SECRET");
        SecretKeySelector tickets = secretRef(sale, TICKETS, "SALE_ADMISSION_TOKEN_SECRET");

        assertThat(queue).isEqualTo(tickets);
        assertThat(queue.getName()).isEqualTo("concert-sale");
        assertThat(queue.getKey()).isEqualTo("admission-token-secret");
        // and one setting moves both
        Rendered moved = Charts.render(Charts.UMBRELLA, Values.of("global.secrets.admissionTokenSecret",
                Map.of("name", "tokens", "key", "hmac")));
        assertThat(secretRef(moved, QUEUE, "SALE_ADMISSION_TOKEN_SECRET"))
                .isEqualTo(secretRef(moved, TICKETS, "SALE_ADMISSION_TOKEN_SECRET"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey).containsExactly("tokens", "hmac");
    }

    @Test
    void paymentsAcceptTheApiKeyTicketsSendsAndTheGatewayHasTheAdminPassword() {
        Rendered sale = sale(Variant.DEFAULTS);

        assertThat(secretRef(sale, PAYMENTS, "PAYMENTS_API_KEYS"))
                .isEqualTo(secretRef(sale, TICKETS, "TICKETS_PAYMENTS_API_KEY"));
        assertThat(secretRef(sale, GATEWAY, "SALE_ADMIN_PASSWORD").getKey()).isEqualTo("admin-password");
        // the gateway relays the router's operator API with the admin credential: the router checks the same one
        assertThat(secretRef(sale, ROUTER, "SALE_ADMIN_PASSWORD")).isEqualTo(secretRef(sale, GATEWAY,
                "SALE_ADMIN_PASSWORD"));
        for (String service : List.of(QUEUE, TICKETS, PAYMENTS, GATEWAY)) {
            assertThat(secretRef(sale, service, "SALE_DB_PASSWORD"))
                    .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                    .containsExactly("concert-sale-db", "password");
        }
    }

    @Test
    void everyServiceButTheRouterKeepsItsStateInTheExternalPostgresql() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Values.of("global.database.host", "pg.databases.svc.cluster.local",
                "global.database.port", 6432));
        for (String service : List.of(QUEUE, TICKETS, PAYMENTS, GATEWAY)) {
            assertThat(Workloads.envValue(sale, service, "SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
            assertThat(Workloads.envValue(sale, service, "SALE_DB_HOST")).isEqualTo("pg.databases.svc.cluster.local");
            assertThat(Workloads.envValue(sale, service, "SALE_DB_PORT")).isEqualTo("6432");
            assertThat(Workloads.envValue(sale, service, "SALE_DB_NAME")).isEqualTo("concertsale");
            assertThat(Workloads.envValue(sale, service, "SALE_DB_USER")).isEqualTo("concertsale");
        }
        assertThat(Workloads.env(sale, ROUTER)).extracting(EnvVar::getName)
                .noneMatch(name -> name.startsWith("SALE_DB_") || name.equals("SPRING_PROFILES_ACTIVE"));
    }

    @Test
    void theServicesTogetherHoldNoMorePostgresqlConnectionsThanItsDefaultAllows() {
        Rendered sale = sale(Variant.DEFAULTS);
        Map<String, Integer> pools = Map.of(QUEUE, 3, TICKETS, 8, PAYMENTS, 6, GATEWAY, 4);
        int atMost = 0;
        for (Map.Entry<String, Integer> pool : pools.entrySet()) {
            String service = pool.getKey();
            assertThat(Workloads.envValue(sale, service, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE"))
                    .as("pool of %s", service).isEqualTo(String.valueOf(pool.getValue()));
            atMost += pool.getValue() * Integer.parseInt(Workloads.revisionAnnotations(sale, service)
                    .get("autoscaling.knative.dev/max-scale"));
        }
        // PostgreSQL's default max_connections is 100, of which 3 are kept for superusers
        assertThat(atMost).isLessThanOrEqualTo(97);
        assertThat(Workloads.env(sale, ROUTER, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEmpty();
    }

    @Test
    void aPoolIsTheServicesShareDividedByItsMostInstancesAndNeverBelowTwo() {
        Rendered scaled = Charts.render(TICKETS, Values.of("database.connections", 30, "autoscaling.maxScale", 5));
        Rendered replicas = Charts.render(TICKETS, Values.of("workload", "deployment", "database.connections", 30,
                "deployment.replicas", 2));
        Rendered thin = Charts.render(GATEWAY, Values.of("database.connections", 4, "autoscaling.maxScale", 10));

        assertThat(Workloads.envValue(scaled, TICKETS, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEqualTo("6");
        assertThat(Workloads.envValue(replicas, TICKETS, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEqualTo("15");
        assertThat(Workloads.envValue(thin, GATEWAY, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEqualTo("2");
    }

    @Test
    void theSslModeOfPostgresqlReachesEveryServiceWithADatabase() {
        Rendered defaults = sale(Variant.DEFAULTS);
        Rendered verified = Charts.render(Charts.UMBRELLA, Values.of("global.database.sslMode", "verify-full"));
        for (String service : List.of(QUEUE, TICKETS, PAYMENTS, GATEWAY)) {
            assertThat(Workloads.envValue(defaults, service, "SALE_DB_SSL_MODE")).isEqualTo("prefer");
            assertThat(Workloads.envValue(verified, service, "SALE_DB_SSL_MODE")).isEqualTo("verify-full");
        }
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("global.database.sslMode", "sometimes")))
                .hasMessageContaining("sslMode");
        assertThatThrownBy(() -> Charts.render(QUEUE, Values.of("global.database.sslMode", "sometimes")))
                .hasMessageContaining("sslMode");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "KAFKA_BROKER", "DEPLOYMENTS", "CAMUNDA_SAAS"})
    void everyServiceSendsToTheBrokersIngressOfItsClass(Variant variant) {
        String ingress = variant == Variant.KAFKA_BROKER
                ? "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/concert-sale/default"
                : "http://broker-ingress.knative-eventing.svc.cluster.local/concert-sale/default";
        Rendered sale = sale(variant);
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.envValue(sale, service, "K_SINK")).as("K_SINK of %s", service).isEqualTo(ingress);
        }
        assertThat(sale.all(SinkBinding.class)).isEmpty();
    }

    @Test
    void withSinkBindingsKnativeInjectsTheBrokersAddressIntoEachWorkload() {
        Rendered sale = sale(Variant.SINK_BINDINGS);
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.env(sale, service, "K_SINK")).as("K_SINK of %s", service).isEmpty();
            SinkBinding binding = sale.get(SinkBinding.class, service);
            assertThat(binding.getSpec().getSubject().getApiVersion()).isEqualTo("serving.knative.dev/v1");
            assertThat(binding.getSpec().getSubject().getKind()).isEqualTo("Service");
            assertThat(binding.getSpec().getSubject().getName()).isEqualTo(service);
            assertThat(binding.getSpec().getSink().getRef().getKind()).isEqualTo("Broker");
            assertThat(binding.getSpec().getSink().getRef().getName()).isEqualTo("default");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theGatewayHasNoBrokerEventLogInTheCluster(Variant variant) {
        assertThat(Workloads.envValue(sale(variant), GATEWAY, "GATEWAY_BROKER_BASEURL")).isEmpty();
        assertThat(Workloads.envValue(Charts.render(GATEWAY, variant), GATEWAY, "GATEWAY_BROKER_BASEURL")).isEmpty();
    }

    @Test
    void servicesCallEachOtherAtTheirInClusterAddresses() {
        Rendered sale = sale(Variant.DEFAULTS);

        String payments = "http://payments-service." + NS + ".svc.cluster.local";
        assertThat(Workloads.envValue(sale, TICKETS, "TICKETS_PAYMENTS_BASE_URL")).isEqualTo(payments);
        assertThat(Workloads.envValue(sale, GATEWAY, "GATEWAY_PAYMENTS_BASEURL")).isEqualTo(payments);
        assertThat(Workloads.envValue(sale, GATEWAY, "GATEWAY_ROUTER_BASEURL"))
                .isEqualTo("http://zeebe-cloud-events-router." + NS + ".svc.cluster.local");
        assertThat(Workloads.envValue(Charts.render(GATEWAY, Values.of("router.enabled", false)), GATEWAY,
                "GATEWAY_ROUTER_BASEURL")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "DEPLOYMENTS", mode = EnumSource.Mode.EXCLUDE)
    void onlyTheShopIsReachableFromOutsideTheCluster(Variant variant) {
        Rendered sale = sale(variant);
        List<Service> services = new ArrayList<>(sale.all(Service.class));
        // the Knative Service of knative/ too (the dead letter sink)
        KnativeFiles.top().stream().map(Manifest::resource).filter(Service.class::isInstance).map(Service.class::cast)
                .forEach(services::add);

        assertThat(services).extracting(service -> service.getMetadata().getName())
                .containsAll(Charts.SERVICES).contains("dead-letter-sink");
        for (Service service : services) {
            String name = service.getMetadata().getName();
            Map<String, String> labels = service.getMetadata().getLabels();
            if (name.equals(GATEWAY)) {
                assertThat(labels).as("labels of %s", name).doesNotContainKey("networking.knative.dev/visibility");
            } else {
                assertThat(labels).as("labels of %s", name)
                        .containsEntry("networking.knative.dev/visibility", "cluster-local");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theRouterMayCreateAndReplaceTriggersInItsNamespaceAndNothingElse(Variant variant) {
        Rendered sale = sale(variant);

        assertThat(sale.manifests()).extracting(Manifest::kind).doesNotContain("ClusterRole", "ClusterRoleBinding");
        Role role = sale.all(Role.class).stream().collect(singleOne("Role"));
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("eventing.knative.dev");
            assertThat(rule.getResources()).containsExactly("triggers");
            // what KnativeTriggers' createOr(update) does: create, and on a conflict read the Trigger and replace it
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
        RoleBinding binding = sale.all(RoleBinding.class).stream().collect(singleOne("RoleBinding"));
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                .containsExactly(tuple("ServiceAccount", ROUTER, NS));
        assertThat(sale.get(ServiceAccount.class, ROUTER)).isNotNull();
        assertThat(Workloads.serviceAccountName(sale, ROUTER)).isEqualTo(ROUTER);
        // the other services have a service account of their own (their identity as producers), bound to no Role
        for (String service : List.of(QUEUE, TICKETS, PAYMENTS, GATEWAY)) {
            assertThat(Workloads.serviceAccountName(sale, service)).as("service account of %s", service)
                    .isEqualTo(service);
            assertThat(sale.get(ServiceAccount.class, service).getAutomountServiceAccountToken()).isFalse();
            assertThat(sale.all(RoleBinding.class)).as("bindings of %s", service).noneMatch(rb -> rb.getSubjects()
                    .stream().anyMatch(subject -> subject.getName().equals(service)));
        }
    }

    @Test
    void withoutTriggerManagementTheRouterGetsNoRole() {
        Rendered sale = Charts.render(ROUTER, Values.of("triggers.mode", "none"));

        assertThat(sale.all(Role.class)).isEmpty();
        assertThat(sale.all(RoleBinding.class)).isEmpty();
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_MODE")).isEqualTo("none");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"DEFAULTS", "DEPLOYMENTS"})
    void theRouterCreatesItsTriggersLikeTheChartsOnTheSameBroker(Variant variant) {
        Rendered sale = sale(variant);

        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_MODE")).isEqualTo("knative");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_BROKER")).isEqualTo("default");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_NAMESPACE")).isEqualTo(NS);
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_NAME_PREFIX")).isEqualTo("zeebe-router");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_SUBSCRIBER_API_VERSION"))
                .isEqualTo(variant == Variant.DEPLOYMENTS ? "v1" : "serving.knative.dev/v1");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_SUBSCRIBER_KIND")).isEqualTo("Service");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_SUBSCRIBER_NAME")).isEqualTo(ROUTER);
        // the same delivery as every Trigger of the charts
        var delivery = sale.all(Trigger.class).getFirst().getSpec().getDelivery();
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_DELIVERY_RETRY"))
                .isEqualTo(String.valueOf(delivery.getRetry()));
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_DELIVERY_BACKOFF_POLICY"))
                .isEqualTo(delivery.getBackoffPolicy());
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_DELIVERY_BACKOFF_DELAY"))
                .isEqualTo(delivery.getBackoffDelay());
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_TRIGGERS_DELIVERY_DEAD_LETTER_SINK"))
                .isEqualTo(delivery.getDeadLetterSink().getRef().getName());
    }

    @Test
    void byDefaultTheRouterTalksToCamundasOwnChartInTheNamespaceWithoutCredentials() {
        Rendered sale = sale(Variant.DEFAULTS);

        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_GRPC_ADDRESS"))
                .isEqualTo("http://camunda-zeebe-gateway:26500");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_REST_ADDRESS"))
                .isEqualTo("http://camunda-zeebe-gateway:8080");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_MESSAGES_TIME_TO_LIVE")).isEqualTo("10m");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_AUTH_METHOD")).isEqualTo("none");
        assertThat(Workloads.env(sale, ROUTER)).extracting(EnvVar::getName).doesNotContain(
                "ROUTER_ZEEBE_CLIENT_ID", "ROUTER_ZEEBE_CLIENT_SECRET", "ROUTER_ZEEBE_CLUSTER_ID", "SPRING_APPLICATION_JSON",
                "ROUTER_ZEEBE_USERNAME", "ROUTER_ZEEBE_PASSWORD", "ROUTER_ZEEBE_CA_CERTIFICATE_PATH");
        assertThat(Workloads.volumes(sale, ROUTER)).extracting(Volume::getName)
                .doesNotContain("zeebe-gateway-ca", "zeebe-authorization-server-truststore");
    }

    @Test
    void withBasicAuthenticationTheRouterHasItsUserAndPasswordFromASecret() {
        // Camunda's Helm chart 13 protects the orchestration cluster's API with basic authentication by default
        Rendered router = Charts.render(ROUTER, Values.of("zeebe.auth.method", "basic",
                "zeebe.credentials.secretName", "concert-sale-zeebe"));

        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUTH_METHOD")).isEqualTo("basic");
        assertThat(secretRef(router, ROUTER, "ROUTER_ZEEBE_USERNAME"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "username");
        assertThat(secretRef(router, ROUTER, "ROUTER_ZEEBE_PASSWORD"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "password");
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_GRPC_ADDRESS"))
                .isEqualTo("http://camunda-zeebe-gateway:26500");
        assertThat(Workloads.env(router, ROUTER)).extracting(EnvVar::getName).doesNotContain("ROUTER_ZEEBE_CLIENT_ID",
                "ROUTER_ZEEBE_CLIENT_SECRET", "ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL", "ROUTER_ZEEBE_SCOPE");
    }

    @Test
    void withOAuthTheRouterAsksItsScopeAndTrustsThePrivateCasFromSecrets() {
        String tokenUrl = "https://keycloak.example/auth/realms/camunda-platform/protocol/openid-connect/token";
        Rendered router = Charts.render(ROUTER, Values.of("zeebe.auth.method", "oauth",
                "zeebe.selfManaged.grpcAddress", "https://camunda-zeebe-gateway:26500",
                "zeebe.selfManaged.restAddress", "https://camunda-zeebe-gateway:8080",
                "zeebe.selfManaged.authorizationServerUrl", tokenUrl,
                "zeebe.selfManaged.audience", "orchestration-api",
                "zeebe.selfManaged.scope", "orchestration-api",
                "zeebe.credentials.secretName", "concert-sale-zeebe",
                "zeebe.tls.gatewayCa.secretName", "camunda-gateway-ca",
                "zeebe.tls.authorizationServerTruststore.secretName", "identity-truststore",
                "zeebe.tls.authorizationServerTruststore.passwordKey", "truststore-password"));

        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUTH_METHOD")).isEqualTo("oauth");
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL")).isEqualTo(tokenUrl);
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUDIENCE")).isEqualTo("orchestration-api");
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_SCOPE")).isEqualTo("orchestration-api");
        assertThat(secretRef(router, ROUTER, "ROUTER_ZEEBE_CLIENT_ID"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "client-id");
        assertThat(secretRef(router, ROUTER, "ROUTER_ZEEBE_CLIENT_SECRET"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "client-secret");
        assertThat(Workloads.env(router, ROUTER)).extracting(EnvVar::getName)
                .doesNotContain("ROUTER_ZEEBE_USERNAME", "ROUTER_ZEEBE_PASSWORD");
        // the CAs: files of Secrets, mounted read-only where the settings point
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_CA_CERTIFICATE_PATH"))
                .isEqualTo("/etc/zeebe-cloud-events-router/gateway-ca/ca.crt");
        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PATH"))
                .isEqualTo("/etc/zeebe-cloud-events-router/authorization-server-truststore/truststore.p12");
        assertThat(secretRef(router, ROUTER, "ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PASSWORD"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("identity-truststore", "truststore-password");
        assertThat(Workloads.volumes(router, ROUTER)).filteredOn(volume -> volume.getSecret() != null)
                .extracting(Volume::getName, volume -> volume.getSecret().getSecretName(),
                        volume -> volume.getSecret().getItems().getFirst().getKey())
                .contains(tuple("zeebe-gateway-ca", "camunda-gateway-ca", "ca.crt"),
                        tuple("zeebe-authorization-server-truststore", "identity-truststore", "truststore.p12"));
        assertThat(Workloads.container(router, ROUTER).getVolumeMounts())
                .filteredOn(mount -> mount.getName().startsWith("zeebe-"))
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactlyInAnyOrder(
                        tuple("zeebe-gateway-ca", "/etc/zeebe-cloud-events-router/gateway-ca", true),
                        tuple("zeebe-authorization-server-truststore",
                                "/etc/zeebe-cloud-events-router/authorization-server-truststore", true));
    }

    @Test
    void aCredentialsSecretAloneStillMeansOAuth() {
        Rendered router = Charts.render(ROUTER, Values.of("zeebe.credentials.secretName", "concert-sale-zeebe",
                "zeebe.selfManaged.authorizationServerUrl", "http://camunda-keycloak/auth/realms/camunda-platform/protocol/openid-connect/token",
                "zeebe.selfManaged.audience", "orchestration-api"));

        assertThat(Workloads.envValue(router, ROUTER, "ROUTER_ZEEBE_AUTH_METHOD")).isEqualTo("oauth");
        assertThat(Workloads.env(router, ROUTER)).extracting(EnvVar::getName).doesNotContain("ROUTER_ZEEBE_SCOPE");
    }

    @Test
    void authenticationSettingsThatDoNotFitTogetherDoNotRender() {
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "basic")))
                .hasMessageContaining("zeebe.credentials.secretName");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "oauth",
                "zeebe.credentials.secretName", "concert-sale-zeebe"))).hasMessageContaining("authorizationServerUrl");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "oauth",
                "zeebe.credentials.secretName", "concert-sale-zeebe",
                "zeebe.selfManaged.authorizationServerUrl", "http://keycloak/token"))).hasMessageContaining("audience");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "none",
                "zeebe.credentials.secretName", "concert-sale-zeebe"))).hasMessageContaining("none");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.merge(Values.of("zeebe.mode", "saas",
                "zeebe.auth.method", "basic", "zeebe.credentials.secretName", "concert-sale-zeebe"),
                Variant.saasCluster()))).hasMessageContaining("OAuth only");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "basic",
                "zeebe.credentials.secretName", "concert-sale-zeebe",
                "zeebe.tls.authorizationServerTruststore.secretName", "identity-truststore")))
                .hasMessageContaining("token endpoint");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.tls.gatewayCa.secretName", "camunda-gateway-ca")))
                .hasMessageContaining("zeebe.tls.gatewayCa");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.auth.method", "kerberos")))
                .hasMessageContaining("auth");
    }

    @Test
    void withCamundaSaasTheRouterHasItsClusterAndItsCredentialsFromASecret() {
        Rendered sale = sale(Variant.CAMUNDA_SAAS);

        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_AUTH_METHOD")).isEqualTo("oauth");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_CLUSTER_ID")).isEqualTo(Variant.SAAS_CLUSTER_ID);
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_REGION")).isEqualTo(Variant.SAAS_REGION);
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL"))
                .isEqualTo("https://login.cloud.camunda.io/oauth/token");
        assertThat(Workloads.envValue(sale, ROUTER, "ROUTER_ZEEBE_AUDIENCE")).isEqualTo("zeebe.camunda.io");
        assertThat(secretRef(sale, ROUTER, "ROUTER_ZEEBE_CLIENT_ID"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "client-id");
        assertThat(secretRef(sale, ROUTER, "ROUTER_ZEEBE_CLIENT_SECRET"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("concert-sale-zeebe", "client-secret");
        // SaaS addresses follow from the cluster id and region
        assertThat(Workloads.env(sale, ROUTER)).extracting(EnvVar::getName)
                .doesNotContain("ROUTER_ZEEBE_GRPC_ADDRESS", "ROUTER_ZEEBE_REST_ADDRESS");
    }

    @Test
    void camundaSaasWithoutClusterOrCredentialsDoesNotRender() {
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.of("zeebe.mode", "saas",
                "zeebe.credentials.secretName", "concert-sale-zeebe"))).hasMessageContaining("clusterId");
        assertThatThrownBy(() -> Charts.render(ROUTER, Values.merge(Values.of("zeebe.mode", "saas"),
                Variant.saasCluster()))).hasMessageContaining("secretName");
    }

    @Test
    void theRoutersMessageVariablesAndErrorMappingKeepTheirCaseAndDots() {
        Rendered router = Charts.render(ROUTER, Values.of(
                "messages.variables", Map.of("paymentReminderInterval", "PT10S", "reservationTimeout", "PT2M"),
                "bpmnErrors", Map.of("Payments.Declined", "PAYMENT_DECLINED")));

        JsonNode json = JsonMapper.builder().build().readTree(
                Workloads.envValue(router, ROUTER, "SPRING_APPLICATION_JSON"));
        assertThat(json.get("router.messages.variables[paymentReminderInterval]").asString()).isEqualTo("PT10S");
        assertThat(json.get("router.messages.variables[reservationTimeout]").asString()).isEqualTo("PT2M");
        assertThat(json.get("router.bpmn-errors[Payments.Declined]").asString()).isEqualTo("PAYMENT_DECLINED");
    }

    private static SecretKeySelector secretRef(Rendered rendered, String service, String env) {
        EnvVar variable = Workloads.env(rendered, service, env)
                .orElseThrow(() -> new AssertionError(service + " has no " + env));
        assertThat(variable.getValue()).as("plain value of %s", env).isNull();
        return variable.getValueFrom().getSecretKeyRef();
    }

    private static <T> Collector<T, ?, T> singleOne(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).as(what + "s").hasSize(1);
            return list.getFirst();
        });
    }
}
