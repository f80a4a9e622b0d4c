package io.concertsale.events.data;

import java.time.Instant;
import java.util.List;

/** The operator reset and opened a sale: every service clears its state for the previous one. */
public record SaleOpened(
        String saleId,
        String name,
        String currency,
        List<TicketTypeSpec> ticketTypes,
        int maxTicketsPerCustomer,
        int holdSeconds,
        AdmissionSettings admission,
        Instant openedAt) {
}
