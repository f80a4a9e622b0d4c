package io.concertsale.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static GatewayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gateway", GatewayProperties.class);
    }
}
