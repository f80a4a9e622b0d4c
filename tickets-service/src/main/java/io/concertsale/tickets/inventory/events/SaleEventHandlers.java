package io.concertsale.tickets.inventory.events;

import io.concertsale.events.EventTypes;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.data.SaleOpened;
import io.concertsale.eventkit.ingress.EventSubscriptions;
import io.concertsale.eventkit.ingress.IncomingEvent;
import io.concertsale.tickets.inventory.InvalidSaleException;
import io.concertsale.tickets.inventory.Inventory;
import org.springframework.stereotype.Component;

/** {@code Sale.Opened}: the operator opened a new sale. */
@Component
public class SaleEventHandlers {

    private final Inventory inventory;

    public SaleEventHandlers(Inventory inventory) {
        this.inventory = inventory;
    }

    public void subscribe(EventSubscriptions.Builder subscriptions) {
        subscriptions.onDated(EventTypes.SALE_OPENED, SaleOpened.class, SaleOpened::openedAt, this::opened);
    }

    void opened(IncomingEvent<SaleOpened> event) {
        try {
            inventory.open(event.data());
        } catch (InvalidSaleException e) {
            throw new InvalidEventException("invalid-data", e.getMessage(), e);
        }
    }
}
