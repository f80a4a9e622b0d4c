package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.engine.EngineOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void launcherOptionsAreTakenOutAndEveryOtherOneGoesToTheParts() {
        LaunchOptions options = LaunchOptions.parse(List.of("--sale.data-dir=/tmp/sale", "--sale.model=none",
                "--sale.admin-password=secret", "--launcher.random-ports=true", "--sale.zeebe.port=26600",
                "--sale.zeebe.rest-port=18088", "--payments.authorization-delay=100ms"), Map.of());

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/sale"));
        assertThat(options.model()).isEqualTo("none");
        assertThat(options.adminPassword()).isEqualTo("secret");
        assertThat(options.randomPorts()).isTrue();
        assertThat(options.zeebe().port()).isEqualTo(26600);
        assertThat(options.zeebe().restPort()).isEqualTo(18088);
        assertThat(options.properties()).containsExactly(Map.entry("payments.authorization-delay", "100ms"));
    }

    @Test
    void theEmbeddedEngineServesGrpcOn26500AndRestOn8088ByDefault() {
        LaunchOptions.Zeebe zeebe = LaunchOptions.parse(List.of(), Map.of()).zeebe();

        assertThat(zeebe.isEmbedded()).isTrue();
        assertThat(zeebe.port()).isEqualTo(26500);
        assertThat(zeebe.restPort()).isEqualTo(8088);
        assertThat(zeebe.grpcOnAllInterfaces()).as("gRPC on the loopback interface only").isFalse();
    }

    @Test
    void theEmbeddedEnginesGrpcPortOpensToOtherMachinesOnlyWhenAsked() {
        LaunchOptions options = LaunchOptions.parse(List.of("--sale.zeebe.grpc-on-all-interfaces=true"), Map.of());

        assertThat(options.zeebe().grpcOnAllInterfaces()).isTrue();
        assertThat(options.zeebe().isEmbedded()).isTrue();
        assertThat(options.properties()).isEmpty();
        URI address = URI.create("http://127.0.0.1:26500");
        EngineOptions open = LocalSale.engineOptions(options, address);
        assertThat(open.grpcInterface()).isEqualTo("0.0.0.0");
        assertThat(open.host()).as("REST stays on loopback").isEqualTo("127.0.0.1");
        EngineOptions closed = LocalSale.engineOptions(LaunchOptions.parse(List.of(), Map.of()), address);
        assertThat(closed.grpcInterface()).isEqualTo("127.0.0.1");
        assertThat(closed.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void portsArePerPartAndNotASettingOfEveryPart() {
        LaunchOptions options = LaunchOptions.parse(List.of("--launcher.ports.frontend-gateway=18080",
                "--launcher.ports.payments-service= 18083"), Map.of());

        assertThat(options.ports()).containsOnly(Map.entry("frontend-gateway", 18080),
                Map.entry("payments-service", 18083));
        assertThat(options.properties()).isEmpty();
    }

    @Test
    void aPortForAPartThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--launcher.ports.gateway=18080"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway")
                .hasMessageContaining("frontend-gateway");
    }

    @Test
    void theEnvironmentGivesTheDataFolderPasswordAndModel() {
        LaunchOptions options = LaunchOptions.parse(List.of(), Map.of("SALE_DATA_DIR", "/srv/sale",
                "SALE_ADMIN_PASSWORD", "from-env", "SALE_MODEL", "v3"));

        assertThat(options.dataDir()).isEqualTo(Path.of("/srv/sale"));
        assertThat(options.adminPassword()).isEqualTo("from-env");
        assertThat(options.model()).isEqualTo("v3");
    }
}
