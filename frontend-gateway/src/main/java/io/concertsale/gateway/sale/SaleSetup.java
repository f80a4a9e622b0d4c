package io.concertsale.gateway.sale;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.TicketTypeSpec;
import java.util.List;

/** What the operator (or the default configuration) opens a sale with; already validated. */
public record SaleSetup(
        String name,
        String currency,
        List<TicketTypeSpec> ticketTypes,
        int maxTicketsPerCustomer,
        int holdSeconds,
        AdmissionSettings admission) {

    public SaleSetup {
        ticketTypes = List.copyOf(ticketTypes);
    }
}
