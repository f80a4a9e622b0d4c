package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PurchaseStepsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T16:00:00Z");

    @Test
    void timesEachEventInItsOutboxAndAtTheBrokerAndEachStepBetweenThem() {
        Map<String, JsonNode> log = new LinkedHashMap<>();
        // session a: admitted, its Tickets.Requested made 2 s after the admission was delivered, 3 s in the outbox
        log.put("Queue.CustomerExited", events(event("a", 0, 0.5, 1.0, 0.8)));
        log.put("Tickets.Requested", events(event("a", 3.0, 6.0, 6.5)));

        Map<String, Map<String, PurchaseSteps.Seen>> seen = PurchaseSteps.firstOfEach(log);
        PurchaseSteps.Seen requested = seen.get("Tickets.Requested").get("a");
        assertThat(requested.made()).isEqualTo(T0.plusSeconds(3));
        assertThat(seen.get("Queue.CustomerExited").get("a").delivered())
                .as("the last of its deliveries").isEqualTo(T0.plusSeconds(1));

        String text = PurchaseSteps.text(log);
        assertThat(text).containsPattern("Tickets.Requested +1 +3.00 / 3.00 / 3.00 +0.50 / 0.50 / 0.50");
        assertThat(text).containsPattern("Queue.CustomerExited -> Tickets.Requested +1 +2.00 / 2.00 / 2.00");
        assertThat(text).containsPattern("Tickets.Issued +0 +- +-");
    }

    @Test
    void aSessionCountsWithItsFirstEventOfEachTypeAndEventsWithoutSessionAreLeftOut() {
        Map<String, JsonNode> log = new LinkedHashMap<>();
        log.put("Tickets.Requested", events(event("a", 10, 11, 12), event("a", 4, 5, 6), event(null, 1, 2, 3)));

        Map<String, PurchaseSteps.Seen> requested = PurchaseSteps.firstOfEach(log).get("Tickets.Requested");

        assertThat(requested).containsOnlyKeys("a");
        assertThat(requested.get("a").made()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> seconds = List.of(4L, 1L, 3L, 2L, 10L, 5L, 6L, 7L, 8L, 9L);
        assertThat(PurchaseSteps.percentiles(seconds.stream().map(s -> s * 1_000_000_000L).toList()))
                .isEqualTo("5.00 / 9.00 / 10.00");
        assertThat(PurchaseSteps.percentiles(List.of())).isEqualTo("-");
    }

    private static ArrayNode events(ObjectNode... events) {
        ArrayNode array = GatewayClient.JSON.createArrayNode();
        for (ObjectNode event : events) {
            array.add(event);
        }
        return array;
    }

    /** An event of the broker's log: made, accepted, and its deliveries done at the given seconds after T0. */
    private static ObjectNode event(String session, double made, double accepted, double... delivered) {
        ObjectNode event = GatewayClient.JSON.createObjectNode();
        ObjectNode attributes = event.putObject("attributes");
        attributes.put("time", at(made));
        if (session != null) {
            attributes.put("correlationkey", session);
        }
        event.put("receivedAt", at(accepted));
        ArrayNode deliveries = event.putArray("deliveries");
        for (double done : delivered) {
            deliveries.addObject().put("updatedAt", at(done));
        }
        return event;
    }

    private static String at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000)).toString();
    }
}
