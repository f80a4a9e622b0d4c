package io.concertsale.tickets;

import io.concertsale.eventkit.outbox.Facts;

/**
 * The facts the tickets service establishes, each an event's data record ({@code TicketsReserved},
 * {@code TicketsIssued}...): the event catalog says which type each is. Stated inside the transaction that changed the
 * state, they leave as events once it commits, and never when it rolls back.
 */
@FunctionalInterface
public interface TicketsFacts extends Facts {
}
