package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerChangesTest {

    private static final String ROUTER_TRIGGER = """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: zeebe-router-queue-customer-joined
            spec:
              broker: default
              filter:
                attributes:
                  type: Queue.CustomerJoined
              subscriber:
                ref:
                  apiVersion: serving.knative.dev/v1
                  kind: Service
                  name: zeebe-cloud-events-router
            """;

    @TempDir
    Path folder;

    private static TriggerRegistry manifests() {
        return new TriggerRegistry("default", null, List.of(new Trigger("queue-service-sale-opened", null, "default",
                Map.of("type", "Sale.Opened"), Destination.of(URI.create("http://localhost:8081/events")), null,
                "knative/210-queue-service-triggers.yaml")));
    }

    @Test
    void triggersPutAndDeletedThroughTheApiAreAppliedAgainAfterARestart() {
        TriggerChanges before = new TriggerChanges(folder);
        before.put("zeebe-router-queue-customer-joined", ROUTER_TRIGGER);
        before.deleted("queue-service-sale-opened");

        TriggerRegistry restarted = manifests();
        new TriggerChanges(folder).applyTo(restarted);

        assertThat(restarted.all()).extracting(Trigger::name).containsExactly("zeebe-router-queue-customer-joined");
        assertThat(restarted.find("zeebe-router-queue-customer-joined")).hasValueSatisfying(trigger ->
                assertThat(trigger.filteredType()).isEqualTo("Queue.CustomerJoined"));
    }

    @Test
    void aTriggerPutAgainAfterItsDeletionIsBack() {
        TriggerChanges changes = new TriggerChanges(folder);
        changes.put("zeebe-router-queue-customer-joined", ROUTER_TRIGGER);
        changes.deleted("zeebe-router-queue-customer-joined");
        changes.put("zeebe-router-queue-customer-joined", ROUTER_TRIGGER);

        TriggerRegistry restarted = manifests();
        new TriggerChanges(folder).applyTo(restarted);

        assertThat(restarted.all()).extracting(Trigger::name)
                .containsExactly("queue-service-sale-opened", "zeebe-router-queue-customer-joined");
    }

    @Test
    void withoutChangesTheManifestsStandAsTheyAre() {
        TriggerRegistry restarted = manifests();
        new TriggerChanges(folder).applyTo(restarted);

        assertThat(restarted.all()).extracting(Trigger::name).containsExactly("queue-service-sale-opened");
    }
}
