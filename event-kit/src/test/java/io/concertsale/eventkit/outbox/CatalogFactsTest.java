package io.concertsale.eventkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.PaymentsDeclined;
import io.concertsale.events.data.QueueCustomerQueued;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogFactsTest {

    final List<CloudEvent> published = new ArrayList<>();

    CatalogFacts facts(String service) {
        return new CatalogFacts(published::add, new SaleEvents(URI.create("urn:concertsale:" + service)));
    }

    @Test
    void aFactLeavesAsItsCatalogTypeFromTheServiceCorrelatedByItsSession() {
        facts("queue-service").publish(new QueueCustomerQueued("session-1", 7, 3, 4, 10));

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventTypes.QUEUE_CUSTOMER_QUEUED);
            assertThat(event.getSource()).hasToString("urn:concertsale:queue-service");
            assertThat(SaleEvents.correlationKey(event)).contains("session-1");
            assertThat(SaleEvents.data(event, QueueCustomerQueued.class).position()).isEqualTo(3);
        });
    }

    @Test
    void aServiceMayStateOnlyTheFactsItProduces() {
        CatalogFacts gateway = facts("frontend-gateway");

        assertThatThrownBy(() -> gateway.publish(new QueueCustomerQueued("session-1", 7, 3, 4, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a fact of queue-service");
        assertThat(published).isEmpty();
    }

    @Test
    void theProvidersFactsAreCorrelatedByTheKeyItWasGiven() {
        facts("payments-service").publish(new PaymentsDeclined("pay-1", "res-1", "CARD_DECLINED"), "session-9");

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventTypes.PAYMENTS_DECLINED);
            assertThat(SaleEvents.correlationKey(event)).contains("session-9");
        });
    }
}
