package io.concertsale.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The path the journeys take on a real Camunda 8 ({@link ConformanceTarget}: only the gRPC and REST addresses, a
 * settling time instead of the engine saying it is idle), taken here against a local engine started apart, as a
 * Camunda 8 would be. What differs on Camunda itself is only the engine behind the same two protocols.
 */
class ConformanceTargetIT {

    @Test
    void theJourneysRunOnAnEngineKnownOnlyByItsAddresses() {
        try (LocalEngine external = LocalEngine.start(EngineOptions.inMemory().withRestPort(0)
                .withSearchHistory(1_000).withClockControl(true))) {
            ConformanceTarget target = ConformanceTarget.fromEnvironment(Map.of(
                    "ZEEBE_ADDRESS", external.grpcAddress().toString(),
                    "ZEEBE_REST_ADDRESS", external.restAddress().orElseThrow().toString(),
                    "ZEEBE_SETTLE", "PT0.3S"));
            try (TicketsEngine engine = TicketsEngine.on(target)) {
                engine.deploy("tickets-v2");
                Customer customer = engine.customer().joins().isAdmitted().reserves(2);
                long instance = customer.instance();
                engine.awaitActivated(instance, "Receive_PaymentSent");

                engine.passTime(Duration.ofSeconds(10));
                customer.awaitEmitted("Notifications.Requested", 1);
                customer.paysByCard().paymentIsAuthorized();

                assertThat(engine.awaitEnded(instance)).containsSubsequence("Receive_PaymentSent",
                        "Receive_PaymentAuthorized", "End_PaymentReceived", "SubProcess_WaitingForPayment",
                        "End_TicketsPurchased");
                assertThat(engine.isActive(instance)).isFalse();
            }
        }
    }

    @Test
    void withoutZeebeAddressTheJourneysRunOnTheLocalEngine() {
        assertThat(ConformanceTarget.fromEnvironment(Map.of("ZEEBE_REST_ADDRESS", "http://camunda:8080"))).isNull();
    }

    @Test
    void theRestAddressDefaultsToPort8080OfTheGrpcHostAndOAuthNeedsItsThreeSettings() {
        ConformanceTarget target = ConformanceTarget.fromEnvironment(Map.of("ZEEBE_ADDRESS", "camunda:26500"));
        assertThat(target.restAddress()).hasToString("http://camunda:8080");
        assertThat(target.settle()).isEqualTo(Duration.ofSeconds(2));

        assertThatThrownBy(() -> ConformanceTarget.fromEnvironment(Map.of("ZEEBE_ADDRESS", "camunda:26500",
                "ZEEBE_CLIENT_ID", "journeys"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ZEEBE_CLIENT_SECRET");
        ConformanceTarget withOAuth = ConformanceTarget.fromEnvironment(Map.of("ZEEBE_ADDRESS", "https://c.example",
                "ZEEBE_CLIENT_ID", "journeys", "ZEEBE_CLIENT_SECRET", "not-printed",
                "ZEEBE_AUTHORIZATION_SERVER_URL", "https://login.example/token"));
        assertThat(withOAuth.toString()).contains("OAuth").doesNotContain("not-printed");
    }
}
