package io.concertsale.tickets.inventory.web;

import io.concertsale.events.data.TicketAvailability;
import io.concertsale.tickets.inventory.Inventory;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The open sale's inventory per ticket type: the same figures as the availability snapshots. */
@RestController
class TicketTypesController {

    private final Inventory inventory;

    TicketTypesController(Inventory inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/api/ticket-types")
    List<TicketAvailability> ticketTypes() {
        return inventory.availability();
    }
}
