package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.outbox.Facts;

/**
 * The facts a customer's session states, each an event's data record ({@code QueueCustomerJoined},
 * {@code TicketsRequested}...) correlated by the session it names: the event catalog says which type each is. Stated
 * inside the transaction that changed the session, they leave as events once it commits, and never when it rolls
 * back.
 */
@FunctionalInterface
public interface SessionFacts extends Facts {
}
