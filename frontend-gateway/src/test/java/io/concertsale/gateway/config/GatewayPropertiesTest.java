package io.concertsale.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GatewayPropertiesTest {

    @Test
    void eventLogComesFromTheLocalBrokerByDefault() {
        GatewayProperties.Broker broker = bind(Map.of()).broker();

        assertThat(broker.url()).contains(URI.create("http://localhost:8090"));
        assertThat(broker.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void emptyBrokerAddressMeansNoEventLog() {
        assertThat(bind(Map.of("gateway.broker.base-url", "")).broker().url()).isEmpty();
        assertThat(bind(Map.of("gateway.broker.base-url", "  ")).broker().url()).isEmpty();
    }

    @Test
    void brokerAddressIsTaken() {
        assertThat(bind(Map.of("gateway.broker.base-url", " http://broker:8090 ")).broker().url())
                .contains(URI.create("http://broker:8090"));
    }

    @Test
    void followSettingsDefaultToThisMachinesSocketBudget() {
        GatewayProperties properties = bind(Map.of());

        assertThat(properties.follow().nearEta()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.follow().nearPosition()).isEqualTo(1_000);
        assertThat(properties.follow().minRefresh()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.follow().maxRefresh()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.websocket().maxSockets()).isEqualTo(12_000);
        assertThat(properties.websocket().refusedRetryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aPollIntervalAsLongAsTheIdleTimeoutIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("gateway.follow.max-refresh", "15m")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("idle-timeout");
    }

    @Test
    void activityIsWrittenAtMostEveryFifteenthOfTheIdleTimeoutWithinFiveSecondsAndAMinute() {
        assertThat(bind(Map.of()).sessions().activityGranularity()).isEqualTo(Duration.ofMinutes(1));
        assertThat(bind(Map.of("gateway.sessions.idle-timeout", "3m", "gateway.follow.max-refresh", "10s"))
                .sessions().activityGranularity()).isEqualTo(Duration.ofSeconds(12));
        assertThat(bind(Map.of("gateway.sessions.idle-timeout", "30s", "gateway.follow.max-refresh", "5s"))
                .sessions().activityGranularity()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void entriesAreServedAsManyAtOnceAsTheInstanceHasProcessorsUnlessSetAndWaitTwentySeconds() {
        GatewayProperties.Sessions defaults = bind(Map.of()).sessions();
        assertThat(defaults.entryConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.entryWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(bind(Map.of("gateway.sessions.entry-concurrency", "5")).sessions().entryConcurrency())
                .isEqualTo(5);
        assertThatThrownBy(() -> bind(Map.of("gateway.sessions.entry-concurrency", "-1")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollBoundsMustBeOrderedAndAtLeastASecond() {
        assertThatThrownBy(() -> bind(Map.of("gateway.follow.min-refresh", "500ms")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bind(Map.of("gateway.follow.min-refresh", "10s", "gateway.follow.max-refresh", "5s")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private static GatewayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gateway", GatewayProperties.class);
    }
}
