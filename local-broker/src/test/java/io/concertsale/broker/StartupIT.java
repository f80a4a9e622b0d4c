package io.concertsale.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.broker.trigger.InvalidTriggerException;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.Participants;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class StartupIT {

    @TempDir
    Path data;

    /** Starts the broker as its main method does, on a random port, with the Triggers of the location. */
    private ConfigurableApplicationContext broker(String triggersLocation) {
        return new SpringApplicationBuilder(LocalBrokerApplication.class)
                .properties("spring.config.name=event-kit,local-broker", "spring.application.name=local-broker")
                .run("--server.port=0", "--broker.triggers-location=" + triggersLocation,
                        "--sale.data-dir=" + data);
    }

    @Test
    void misspelledFieldInAManifestStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> broker("classpath:misspelled-triggers/*.yaml").close())
                .rootCause()
                .isInstanceOf(InvalidTriggerException.class)
                .hasMessageContaining("misspelled-triggers/200-triggers.yaml, document 1 (Trigger 'misspelled')")
                .hasMessageContaining("unknown field spec.delivery.retires");
    }

    @Test
    void shippedManifestsLoadAndResolveToTheLocalServices() {
        try (ConfigurableApplicationContext context = broker("classpath*:knative/*.yaml")) {
            TriggerRegistry registry = context.getBean(TriggerRegistry.class);
            Subscribers subscribers = context.getBean(Subscribers.class);

            long catalogPairs = EventCatalog.all().stream().flatMap(definition -> definition.consumers().stream())
                    .filter(List.of(Participants.QUEUE, Participants.TICKETS, Participants.GATEWAY)::contains).count();
            assertThat(registry.all()).hasSize((int) catalogPairs);
            assertThat(registry.find("tickets-service-tickets-requested")).hasValueSatisfying(trigger ->
                    assertThat(subscribers.resolve(trigger.subscriber())).hasToString("http://localhost:8082/events"));
        }
    }
}
