package io.concertsale.eventkit.outbox;

import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import io.concertsale.events.SaleEvents;

/**
 * States facts through the outbox: the record's type from the event catalog, the service's own {@code source}, a
 * fresh id, and for a journey fact the correlation key. A service states only the facts the catalog says it produces:
 * another's record is a programming error, refused at once.
 */
public final class CatalogFacts implements Facts {

    private static final String SOURCE_PREFIX = "urn:concertsale:";

    private final EventPublisher publisher;
    private final SaleEvents events;
    private final String producer;

    public CatalogFacts(EventPublisher publisher, SaleEvents events) {
        this.publisher = publisher;
        this.events = events;
        String source = events.source().toString();
        this.producer = source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : null;
    }

    @Override
    public void publish(Record fact) {
        ownFact(fact);
        publisher.publish(events.fact(fact));
    }

    /**
     * States a journey fact whose data does not name the session (the payment provider's, whose merchant gives a
     * correlation key with each payment).
     */
    public void publish(Record fact, String correlationKey) {
        ownFact(fact);
        publisher.publish(events.fact(fact, correlationKey));
    }

    private void ownFact(Record fact) {
        EventDefinition definition = EventCatalog.forData(fact.getClass());
        if (producer != null && !producer.equals(definition.producer())) {
            throw new IllegalArgumentException(definition.type() + " is a fact of " + definition.producer()
                    + ", not of " + producer);
        }
    }
}
