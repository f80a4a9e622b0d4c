package io.concertsale.payments.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PaymentsPropertiesTest {

    @Test
    void defaultsNeedNoKeyAndAcceptTransfersAfterTenSeconds() {
        PaymentsProperties properties = bind(Map.of());

        assertThat(properties.apiKeys()).isEmpty();
        assertThat(properties.authorizationDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(properties.processor().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.moneyTransfer().autoAcceptAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.moneyTransfer().autoAccepts()).isTrue();
        assertThat(properties.moneyTransfer().beneficiary()).isEqualTo("Concert Sale Ltd");
    }

    @Test
    void apiKeysComeCommaSeparatedAndBlanksAreDropped() {
        assertThat(bind(Map.of("payments.api-keys", " key-1, key-2 ,")).apiKeys()).containsExactly("key-1", "key-2");
        assertThat(bind(Map.of("payments.api-keys", "")).apiKeys()).isEmpty();
    }

    @Test
    void zeroOrNegativeAutoAcceptTurnsItOff() {
        assertThat(bind(Map.of("payments.money-transfer.auto-accept-after", "0")).moneyTransfer().autoAccepts())
                .isFalse();
        assertThat(bind(Map.of("payments.money-transfer.auto-accept-after", "-1s")).moneyTransfer().autoAccepts())
                .isFalse();
    }

    private static PaymentsProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("payments", PaymentsProperties.class);
    }
}
