package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorOptionsTest {

    @TempDir
    Path launcherData;

    private static SimulatorOptions parse(String... args) {
        return SimulatorOptions.parse(args, Map.of());
    }

    @Test
    void argumentsOverrideTheDefaults() {
        Scenario scenario = parse("--customers=500", "--tickets=50", "--url=http://localhost:9999",
                "--admin-password=secret", "--settle-seconds=12.5").scenario();

        assertThat(scenario.customers()).isEqualTo(500);
        assertThat(scenario.tickets()).isEqualTo(50);
        assertThat(scenario.gateway()).hasToString("http://localhost:9999");
        assertThat(scenario.settle()).isEqualTo(Duration.ofMillis(12_500));
        assertThat(scenario.maxQuantity()).isEqualTo(4);
    }

    @Test
    void passwordComesFromTheEnvironment() {
        assertThat(SimulatorOptions.parse(new String[0], Map.of("SALE_ADMIN_PASSWORD", "from-env")).scenario()
                .adminPassword()).isEqualTo("from-env");
    }

    @Test
    void resettingWithoutPasswordIsRefused() {
        assertThatThrownBy(() -> parse()).hasMessageContaining("admin password");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> parse("--custmers=5", "--admin-password=x")).hasMessageContaining("custmers");
    }

    @Test
    void severalRunsNeedAFreshSaleEach() {
        assertThatThrownBy(() -> parse("--runs=3", "--reset=false")).hasMessageContaining("--reset=true");
    }

    @Test
    void withoutChaosTheSaleRunsAlreadyAndTheProviderKeyComesFromTheLaunchersDataFolder() throws Exception {
        Files.writeString(launcherData.resolve("launcher-secrets.properties"), "payments-api-key=sk_local_abc\n");

        SimulatorOptions options = parse("--admin-password=x", "--launcher-data-dir=" + launcherData);

        assertThat(options.chaos().launch()).isFalse();
        assertThat(options.chaos().kills()).isZero();
        assertThat(options.merchant().payments()).hasToString("http://localhost:8083");
        assertThat(options.merchant().apiKey()).isEqualTo("sk_local_abc");
    }

    @Test
    void anApiKeyGivenWinsOverTheStoredOne() throws Exception {
        Files.writeString(launcherData.resolve("launcher-secrets.properties"), "payments-api-key=sk_local_abc\n");

        SimulatorOptions options = parse("--admin-password=x", "--launcher-data-dir=" + launcherData,
                "--payments-url=http://localhost:18083", "--payments-api-key=given");

        assertThat(options.merchant().payments()).hasToString("http://localhost:18083");
        assertThat(options.merchant().apiKey()).isEqualTo("given");
    }

    @Test
    void chaosKillsLaunchTheSaleWithTheBenchmarksCommandAndAPasswordOfTheirOwn() {
        SimulatorOptions options = parse("--chaos-kills=3", "--chaos-min-seconds=2", "--chaos-max-seconds=9");

        assertThat(options.chaos().launch()).isTrue();
        assertThat(options.chaos().kills()).isEqualTo(3);
        assertThat(options.chaos().earliest()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.chaos().latest()).isEqualTo(Duration.ofSeconds(9));
        assertThat(options.chaos().command()).endsWith("-jar", "local-launcher/target/local-launcher.jar",
                "--sale.model=none");
        assertThat(options.chaos().dataDir()).isNull();
        assertThat(options.scenario().adminPassword()).startsWith("chaos-");
    }

    @Test
    void theLauncherCommandIsSplitAtWhitespace() {
        SimulatorOptions options = parse("--launch=true", "--launcher-command=  java -Xmx1g -jar sale.jar  --x=1 ");

        assertThat(options.chaos().launch()).isTrue();
        assertThat(options.chaos().kills()).isZero();
        assertThat(options.chaos().command()).containsExactly("java", "-Xmx1g", "-jar", "sale.jar", "--x=1");
    }

    @Test
    void aLaunchedSaleIsNotAtAGivenAddress() {
        assertThatThrownBy(() -> parse("--chaos-kills=1", "--url=http://localhost:8080"))
                .hasMessageContaining("--url");
    }

    @Test
    void aLaunchedSaleIsOneRun() {
        assertThatThrownBy(() -> parse("--chaos-kills=1", "--runs=3")).hasMessageContaining("--runs");
    }

    @Test
    void killsComeInAWindowThatMakesSense() {
        assertThatThrownBy(() -> parse("--chaos-kills=1", "--chaos-min-seconds=10", "--chaos-max-seconds=5"))
                .hasMessageContaining("--chaos-max-seconds");
    }
}
