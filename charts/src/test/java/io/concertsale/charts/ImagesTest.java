package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * One fact in one place: an image is {@code <registry>/<artifactId>:<project version>}. The parent pom's profile
 * {@code image} builds it so, and every chart runs it so: chart name = Maven artifactId, appVersion = project version,
 * the same default registry.
 */
class ImagesTest {

    private static final String VERSION = System.getProperty("project.version");
    /** How Helm reports a value refused by a chart's schema (a digest that does not match the pattern, tag latest). */
    private static final String DIGEST_REFUSED = "at '/image/digest': ";
    private static final String TAG_REFUSED = "at '/image/tag': 'not' failed";
    private static final String GLOBAL_TAG_REFUSED = "at '/global/image/tag': 'not' failed";

    @Test
    void everyChartsAppVersionIsTheMavenProjectVersion() {
        assertThat(VERSION).isNotBlank();
        for (String chart : Charts.INSTALLABLE) {
            assertThat(Values.read(Charts.source(chart).resolve("Chart.yaml")).get("appVersion"))
                    .as("appVersion of %s", chart).isEqualTo(VERSION);
        }
    }

    @Test
    void everyServiceChartIsNamedAfterTheMavenModuleItsImageIsBuiltFrom() throws Exception {
        for (String service : Charts.SERVICES) {
            Path pom = Charts.reactorDir().resolve(service).resolve("pom.xml");
            assertThat(pom).as("the module of %s", service).exists();
            assertThat(xpath(pom, "/project/artifactId")).isEqualTo(service);
            assertThat(Values.read(Charts.source(service).resolve("Chart.yaml")).get("name")).isEqualTo(service);
        }
    }

    @Test
    void theChartsRunTheImagesThePomBuildsUnderTheSameRegistry() throws Exception {
        Path pom = Charts.reactorDir().resolve("pom.xml");
        String jib = "/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']";

        assertThat(xpath(pom, jib + "/configuration/to/image"))
                .isEqualTo("${image.registry}/${project.artifactId}:${project.version}");
        assertThat(xpath(pom, jib + "/configuration/from/image")).isEqualTo("${image.base}");
        assertThat(xpath(pom, "/project/properties/image.base")).isEqualTo("eclipse-temurin:21-jre");
        assertThat(xpath(pom, jib + "/configuration/container/ports/port")).isEqualTo("8080");
        String registry = xpath(pom, "/project/properties/image.registry");
        assertThat(registry).isNotBlank();

        Rendered sale = Charts.render(Charts.UMBRELLA, Variant.DEFAULTS);
        for (String service : Charts.SERVICES) {
            assertThat(globalRegistry(service)).as("default registry of charts/%s", service).isEqualTo(registry);
            assertThat(Workloads.container(sale, service).getImage()).as("image of %s", service)
                    .isEqualTo(registry + "/" + service + ":" + VERSION);
            assertThat(Workloads.container(sale, service).getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        }
        assertThat(globalRegistry(Charts.UMBRELLA)).isEqualTo(registry);
    }

    @Test
    void aRegistryAndTagSetOnceMoveEveryImage() {
        Rendered sale = Charts.render(Charts.UMBRELLA, Values.of("global.image.registry", "registry.example.com/sale",
                "global.image.tag", "1.4.2"));
        for (String service : Charts.SERVICES) {
            assertThat(Workloads.container(sale, service).getImage())
                    .isEqualTo("registry.example.com/sale/" + service + ":1.4.2");
        }
        Rendered one = Charts.render(Charts.UMBRELLA, Values.of("tickets-service.image.tag", "1.4.3"));
        assertThat(Workloads.container(one, "tickets-service").getImage()).endsWith("/tickets-service:1.4.3");
        assertThat(Workloads.container(one, "queue-service").getImage()).endsWith("/queue-service:" + VERSION);
    }

    @Test
    void aDigestPinsEachServicesImageAndWinsOverAnyTag() {
        for (String service : Charts.SERVICES) {
            String digest = "sha256:" + Integer.toHexString(Charts.SERVICES.indexOf(service) + 10).repeat(64);
            Rendered alone = Charts.render(service, Values.of("image.digest", digest, "image.tag", "1.4.3"));
            assertThat(Workloads.container(alone, service).getImage()).as("image of charts/%s by digest", service)
                    .isEqualTo(globalRegistry(service) + "/" + service + "@" + digest);

            Rendered sale = Charts.render(Charts.UMBRELLA, Values.of("global.image.registry", "localhost:5001",
                    "global.image.tag", "1.4.2", service + ".image.digest", digest));
            for (String other : Charts.SERVICES) {
                assertThat(Workloads.container(sale, other).getImage()).as("image of %s", other).isEqualTo(
                        other.equals(service) ? "localhost:5001/" + service + "@" + digest
                                : "localhost:5001/" + other + ":1.4.2");
            }
        }
        Rendered noRegistry = Charts.render(Charts.UMBRELLA, Values.of("global.image.registry", "",
                "queue-service.image.digest", "sha256:" + "ab".repeat(32)));
        assertThat(Workloads.container(noRegistry, "queue-service").getImage())
                .isEqualTo("queue-service@sha256:" + "ab".repeat(32));
    }

    @Test
    void theSchemasRefuseAMalformedDigestAndTheLatestTag() {
        for (String digest : new String[] {"0123456789abcdef".repeat(4), "sha256:" + "0123456789abcdef".repeat(3),
                "sha256:" + "0123456789ABCDEF".repeat(4), "sha512:" + "0123456789abcdef".repeat(8), "latest"}) {
            assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("tickets-service.image.digest", digest)))
                    .as("digest %s", digest).hasMessageContaining(DIGEST_REFUSED + "'" + digest + "' does not match");
            assertThatThrownBy(() -> Charts.render("payments-service", Values.of("image.digest", digest)))
                    .as("digest %s", digest).hasMessageContaining(DIGEST_REFUSED + "'" + digest + "' does not match");
        }
        for (String service : Charts.SERVICES) {
            assertThatThrownBy(() -> Charts.render(service, Values.of("image.tag", "latest")))
                    .as("tag latest of %s", service).hasMessageContaining(TAG_REFUSED);
            assertThatThrownBy(() -> Charts.render(service, Values.of("global.image.tag", "latest")))
                    .as("global tag latest of %s", service).hasMessageContaining(GLOBAL_TAG_REFUSED);
        }
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("global.image.tag", "latest")))
                .hasMessageContaining(GLOBAL_TAG_REFUSED);
        assertThatThrownBy(() -> Charts.render(Charts.UMBRELLA, Values.of("frontend-gateway.image.tag", "latest")))
                .hasMessageContaining(TAG_REFUSED);
    }

    @SuppressWarnings("unchecked")
    private static Object globalRegistry(String chart) {
        Map<String, Object> global = (Map<String, Object>) Values.read(Charts.source(chart).resolve("values.yaml"))
                .get("global");
        return ((Map<String, Object>) global.get("image")).get("registry");
    }

    private static String xpath(Path xml, String expression) throws Exception {
        try (InputStream in = Files.newInputStream(xml)) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            return XPathFactory.newInstance().newXPath().evaluate(expression, document).strip();
        }
    }
}
