package io.concertsale.tickets.inventory;

import io.concertsale.events.data.TicketAvailability;
import io.concertsale.events.data.TicketsAvailabilityChanged;
import io.concertsale.tickets.TicketsFacts;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Reports the inventory as {@code Tickets.AvailabilityChanged} snapshots, coalesced: it runs at a fixed interval
 * and emits a snapshot only when the inventory differs from the last one it emitted. Any number of changes between
 * two runs make one event. After a restart the first run reports the inventory once.
 */
@Component
public class AvailabilityReporter {

    private final Inventory inventory;
    private final TicketsFacts facts;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    public AvailabilityReporter(Inventory inventory, TicketsFacts facts, Clock clock) {
        this.inventory = inventory;
        this.facts = facts;
        this.clock = clock;
    }

    /**
     * Emits a snapshot if the inventory changed since the last one.
     *
     * @return true when it emitted one
     */
    public synchronized boolean report() {
        Optional<Sale> sale = inventory.currentSale();
        if (sale.isEmpty()) {
            return false;
        }
        Snapshot snapshot = new Snapshot(sale.get().id(),
                inventory.types(sale.get().id()).stream().map(TicketType::availability).toList());
        if (snapshot.equals(last.get())) {
            return false;
        }
        facts.publish(new TicketsAvailabilityChanged(snapshot.saleId(), sale.get().currency(),
                snapshot.ticketTypes(), clock.instant()));
        last.set(snapshot);
        return true;
    }

    private record Snapshot(String saleId, List<TicketAvailability> ticketTypes) {
    }
}
