package io.concertsale.gateway.sale;

import io.concertsale.events.data.AdmissionSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The current sale: its setup, the latest inventory per ticket type ({@code Tickets.AvailabilityChanged}) and the
 * waiting room's latest progress ({@code Queue.Progressed}).
 *
 * @param closedAt when the queue closed for good ({@code Queue.Closed}), else null
 * @param availabilityAt the time of the inventory snapshot in use, null while the setup's quantities stand
 */
public record Sale(
        String saleId,
        String name,
        String currency,
        int maxTicketsPerCustomer,
        int holdSeconds,
        AdmissionSettings admission,
        Instant openedAt,
        Instant closedAt,
        Instant availabilityAt,
        List<TicketTypeState> ticketTypes,
        QueueProgress progress) {

    public Sale {
        ticketTypes = List.copyOf(ticketTypes);
    }

    /** The same sale with these ticket types. */
    public Sale withTicketTypes(List<TicketTypeState> types) {
        return new Sale(saleId, name, currency, maxTicketsPerCustomer, holdSeconds, admission, openedAt, closedAt,
                availabilityAt, types, progress);
    }

    public SaleStatus status() {
        return closedAt != null || remaining() == 0 ? SaleStatus.SOLD_OUT : SaleStatus.OPEN;
    }

    public Optional<TicketTypeState> ticketType(String type) {
        return ticketTypes.stream().filter(ticketType -> ticketType.type().equals(type)).findFirst();
    }

    /** Tickets still available over all types. */
    public long remaining() {
        return ticketTypes.stream().mapToLong(TicketTypeState::available).sum();
    }

    public long reserved() {
        return ticketTypes.stream().mapToLong(TicketTypeState::reserved).sum();
    }

    public long sold() {
        return ticketTypes.stream().mapToLong(TicketTypeState::sold).sum();
    }
}
