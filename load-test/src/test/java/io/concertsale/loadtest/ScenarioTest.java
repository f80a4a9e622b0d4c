package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void argumentsOverrideTheDefaults() {
        Scenario scenario = Scenario.parse(new String[] {"--customers=500", "--tickets=50", "--url=http://localhost:9999",
                "--admin-password=secret"}, Map.of());

        assertThat(scenario.customers()).isEqualTo(500);
        assertThat(scenario.tickets()).isEqualTo(50);
        assertThat(scenario.gateway()).hasToString("http://localhost:9999");
        assertThat(scenario.maxQuantity()).isEqualTo(4);
    }

    @Test
    void passwordComesFromTheEnvironment() {
        assertThat(Scenario.parse(new String[0], Map.of("SALE_ADMIN_PASSWORD", "from-env")).adminPassword())
                .isEqualTo("from-env");
    }

    @Test
    void resettingWithoutPasswordIsRefused() {
        assertThatThrownBy(() -> Scenario.parse(new String[0], Map.of())).hasMessageContaining("admin password");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> Scenario.parse(new String[] {"--custmers=5", "--admin-password=x"}, Map.of()))
                .hasMessageContaining("custmers");
    }

    @Test
    void severalRunsNeedAFreshSaleEach() {
        assertThatThrownBy(() -> Scenario.parse(new String[] {"--runs=3", "--reset=false"}, Map.of()))
                .hasMessageContaining("--reset=true");
    }
}
