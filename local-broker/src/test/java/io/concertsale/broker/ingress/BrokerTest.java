package io.concertsale.broker.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.delivery.DeliveryClient;
import io.concertsale.broker.delivery.Dispatcher;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.store.EventStore;
import io.concertsale.broker.trigger.BackoffPolicy;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.EventFormat;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BrokerMetrics metrics = new BrokerMetrics(meters);
    private final EventLog eventLog = new EventLog(10, 10, Duration.ofSeconds(1));
    private final TriggerRegistry triggers = new TriggerRegistry("default", null, List.of(
            new Trigger("unreachable", null, "default", Map.of("type", "Test.Routed"),
                    Destination.of(URI.create("http://127.0.0.1:9/")),
                    // a retry a minute away: the delivery stays pending for the whole test
                    new DeliverySpec(3, BackoffPolicy.LINEAR, Duration.ofMinutes(1), null, EventFormat.BINARY),
                    "test")));
    @TempDir
    Path storage;
    private EventStore store;
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        dispatcher.close();
        store.close();
        eventLog.close();
    }

    private Broker broker(int maxPending) {
        return broker(maxPending, false);
    }

    private Broker broker(int maxPending, boolean holdUntilResumed) {
        store = EventStore.open(new EventStore.Settings(storage, 1 << 20, false));
        dispatcher = new Dispatcher(new DeliveryClient(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new Subscribers(Map.of()), metrics, store, Clock.systemUTC(), 4, maxPending, Duration.ofSeconds(5));
        return new Broker("default", "default", triggers, eventLog, store, dispatcher, metrics, Clock.systemUTC(),
                holdUntilResumed);
    }

    private static CloudEvent event(String type) {
        return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("urn:test")).withType(type).build();
    }

    @Test
    void servesOnlyItsOwnNamespaceAndName() {
        Broker broker = broker(10);

        assertThat(broker.serves("default", "default")).isTrue();
        assertThat(broker.serves("default", "other")).isFalse();
        assertThat(broker.serves("sale", "default")).isFalse();
    }

    @Test
    void acceptedEventIsLoggedWithOneDeliveryPerMatchingTrigger() {
        Broker broker = broker(10);

        broker.accept(event("Test.Routed"));
        broker.accept(event("Test.Unrouted"));

        assertThat(eventLog.recent(10, logged -> true)).satisfiesExactly(
                unrouted -> assertThat(unrouted.deliveries()).isEmpty(),
                routed -> assertThat(routed.deliveries()).extracting(delivery -> delivery.trigger())
                        .containsExactly("unreachable"));
        assertThat(meters.get(BrokerMetrics.ACCEPTED).tag("origin", "ingress").counter().count()).isEqualTo(2);
        assertThat(meters.get(BrokerMetrics.UNROUTED).counter().count()).isEqualTo(1);
        assertThat(store.pendingEvents()).as("only the routed event waits in the delivery log").isEqualTo(1);
    }

    @Test
    void overloadedBrokerTurnsEventsAwayWithoutTakingThem() {
        Broker broker = broker(0);

        assertThatThrownBy(() -> broker.accept(event("Test.Routed"))).isInstanceOf(BrokerOverloadedException.class);

        assertThat(eventLog.recent(10, logged -> true)).isEmpty();
        assertThat(store.pendingEvents()).isZero();
        assertThat(meters.get(BrokerMetrics.REJECTED).tag("reason", "overloaded").counter().count()).isEqualTo(1);
    }

    @Test
    void deliveriesHeldUntilResumeCountTowardsTheOverload() {
        Broker broker = broker(1, true);
        broker.accept(event("Test.Routed"));

        assertThatThrownBy(() -> broker.accept(event("Test.Routed"))).isInstanceOf(BrokerOverloadedException.class);

        assertThat(dispatcher.pending()).as("nothing dispatched before resume").isZero();
        assertThat(store.pendingEvents()).isEqualTo(1);
    }
}
