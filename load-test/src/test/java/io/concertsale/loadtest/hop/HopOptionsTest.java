package io.concertsale.loadtest.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HopOptionsTest {

    @Test
    void argumentsOverrideTheDefaults() {
        HopOptions options = HopOptions.parse(new String[] {"--step=hop", "--admin-password=secret", "--concurrency=8",
                "--warmup-seconds=2", "--duration-seconds=3", "--max-backlog=100", "--gateway=http://localhost:9080",
                "--target=http://localhost:9090/default/default", "--out=/tmp/hop.json"}, Map.of());

        assertThat(options.step()).isEqualTo(HopOptions.Step.HOP);
        assertThat(options.settings()).isEqualTo(new HopSettings(8, Duration.ofSeconds(2), Duration.ofSeconds(3), 100));
        assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:9080"));
        assertThat(options.target()).isEqualTo(URI.create("http://localhost:9090/default/default"));
        assertThat(options.adminPassword()).isEqualTo("secret");
        assertThat(options.out()).isEqualTo(Path.of("/tmp/hop.json"));
    }

    @Test
    void theTokenFileBecomesTheAuthorizationEveryRequestCarries(@TempDir Path folder) throws Exception {
        Path token = folder.resolve("zeebe-cloud-events-router.token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl\n");

        HopOptions options = HopOptions.parse(new String[] {"--step=floor", "--target=http://localhost:9/empty",
                "--token-file=" + token}, Map.of());

        assertThat(options.settings().authorization()).isEqualTo("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
        String request = new String(HopRequest.to(options.target(), options.settings().authorization()).newBuffer(),
                StandardCharsets.UTF_8);
        assertThat(request).contains("\r\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl\r\n");
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=floor", "--target=http://localhost:9/empty",
                "--token-file=" + folder.resolve("missing")}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token-file");
    }

    @Test
    void defaultsAreTheLaunchersAddressesAndTheDocumentedSettings() {
        HopOptions options = HopOptions.parse(new String[] {"--step=hop"}, Map.of("SALE_ADMIN_PASSWORD", "from-env"));

        assertThat(options.target()).isEqualTo(URI.create("http://localhost:8090/default/default"));
        assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.adminPassword()).isEqualTo("from-env");
        assertThat(options.settings()).isEqualTo(new HopSettings(64, Duration.ofSeconds(60), Duration.ofSeconds(20), 1024));
        assertThat(options.out()).isEqualTo(Path.of("target", "hop-runs", "hop.json"));
    }

    @Test
    void reportGoesToTargetHopReportJson() {
        HopOptions options = HopOptions.parse(new String[] {"--step=report", "--measurements=/tmp/runs"}, Map.of());

        assertThat(options.out()).isEqualTo(Path.of("target", "hop-report.json"));
        assertThat(options.measurements()).isEqualTo(Path.of("/tmp/runs"));
    }

    @Test
    void hopWithoutThePasswordIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=hop"}, Map.of()))
                .hasMessageContaining("admin password");
    }

    @Test
    void floorWithoutItsEndpointIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=floor"}, Map.of())).hasMessageContaining("--target");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=ceiling", "--concurency=8"}, Map.of()))
                .hasMessageContaining("concurency");
    }

    @Test
    void missingStepIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--concurrency=8"}, Map.of())).hasMessageContaining("--step");
    }

    @Test
    void argumentNotInTheFormNameValueIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=ceiling", "-c", "8"}, Map.of()))
                .hasMessageContaining("--name=value");
    }

    @Test
    void zeroConcurrencyIsRefused() {
        assertThatThrownBy(() -> HopOptions.parse(new String[] {"--step=ceiling", "--concurrency=0"}, Map.of()))
                .hasMessageContaining("--concurrency");
    }
}
