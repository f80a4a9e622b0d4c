package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscribersTest {

    private static final Destination.Ref TICKETS = new Destination.Ref("serving.knative.dev/v1", "Service",
            "tickets-service", null);
    private static final Destination.Ref DEAD_LETTERS = new Destination.Ref("serving.knative.dev/v1", "Service",
            "dead-letter-sink", null);

    private final Subscribers subscribers = new Subscribers(Map.of(
            "tickets-service", URI.create("http://localhost:8082"),
            "dead-letter-sink", URI.create("/dead-letters")));

    @Test
    void refWithPathResolvesAgainstTheConfiguredAddress() {
        assertThat(subscribers.resolve(Destination.of(TICKETS, URI.create("/events"))))
                .isEqualTo(URI.create("http://localhost:8082/events"));
        assertThat(subscribers.resolve(Destination.of(TICKETS, URI.create("events"))))
                .isEqualTo(URI.create("http://localhost:8082/events"));
    }

    @Test
    void refAloneIsTheAddressItself() {
        assertThat(subscribers.resolve(Destination.of(TICKETS, null))).isEqualTo(URI.create("http://localhost:8082"));
    }

    @Test
    void absoluteUriNeedsNoAddress() {
        assertThat(subscribers.resolve(Destination.of(URI.create("http://elsewhere:9000/in"))))
                .isEqualTo(URI.create("http://elsewhere:9000/in"));
    }

    @Test
    void pathAddressIsOnThisBrokerOnceItListens() {
        Destination sink = Destination.of(DEAD_LETTERS, null);
        assertThatThrownBy(() -> subscribers.resolve(sink))
                .isInstanceOf(UnresolvableDestinationException.class)
                .hasMessageContaining("not listening yet");

        subscribers.self(URI.create("http://localhost:8090"));

        assertThat(subscribers.resolve(sink)).isEqualTo(URI.create("http://localhost:8090/dead-letters"));
    }

    @Test
    void unknownRefNameIsUnresolvableUntilRegistered() {
        Destination router = Destination.of(new Destination.Ref("serving.knative.dev/v1", "Service", "router", null),
                URI.create("/"));
        assertThatThrownBy(() -> subscribers.resolve(router))
                .isInstanceOf(UnresolvableDestinationException.class)
                .hasMessageContaining("broker.subscribers.router");

        subscribers.register("router", URI.create("http://localhost:8088"));

        assertThat(subscribers.resolve(router)).isEqualTo(URI.create("http://localhost:8088/"));
    }

    @Test
    void registeringReplacesAndUnregisteringForgets() {
        subscribers.register("tickets-service", URI.create("http://127.0.0.1:41234"));
        assertThat(subscribers.resolve(Destination.of(TICKETS, URI.create("/events"))))
                .isEqualTo(URI.create("http://127.0.0.1:41234/events"));

        subscribers.unregister("tickets-service");

        assertThatThrownBy(() -> subscribers.resolve(Destination.of(TICKETS, null)))
                .isInstanceOf(UnresolvableDestinationException.class);
    }

    @Test
    void addressMustBeAUrlOrAPath() {
        assertThatThrownBy(() -> subscribers.register("x", URI.create("localhost:8080")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subscribers.register("x", URI.create("relative/path")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
