package io.concertsale.eventkit.outbox;

/**
 * The outbound port of a feature: it states facts, each an event's data record ({@code io.concertsale.events.data}),
 * and the event catalog says which event type each record is and whether it belongs to a customer's journey. Called
 * inside the transaction of the change the fact reports, so the event and the change commit together, or neither.
 * Each feature names its own port after it ({@code WaitingRoomFacts}, {@code SessionFacts}...), extending this one;
 * {@link CatalogFacts} is the implementation behind them all.
 */
@FunctionalInterface
public interface Facts {

    /** States the fact: a journey fact is correlated by the session its data names. */
    void publish(Record fact);
}
