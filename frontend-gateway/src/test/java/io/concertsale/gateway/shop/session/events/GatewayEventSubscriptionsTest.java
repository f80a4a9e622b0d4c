package io.concertsale.gateway.shop.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.events.EventCatalog;
import io.concertsale.events.Participants;
import org.junit.jupiter.api.Test;

class GatewayEventSubscriptionsTest {

    @Test
    void gatewayConsumesExactlyWhatTheCatalogSaysItConsumes() {
        assertThat(GatewayEventSubscriptions.subscriptions(null, null).types())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.consumedBy(Participants.GATEWAY));
    }
}
