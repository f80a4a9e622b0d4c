package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.schema.EventSchemas;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Takes an incoming CloudEvent: checks that the service consumes its type, that it carries the correlation key
 * when it belongs to a journey, and that its data meets the schema; then handles it once, in one transaction
 * with its deduplication record. Every outcome is counted ({@link ReceivedEvents}).
 */
public class EventIngress {

    private static final Logger log = LoggerFactory.getLogger(EventIngress.class);

    private final EventSubscriptions subscriptions;
    private final EventSchemas schemas;
    private final ProcessedEventStore processed;
    private final TransactionTemplate transactions;
    private final ReceivedEvents received;

    public EventIngress(EventSubscriptions subscriptions, EventSchemas schemas, ProcessedEventStore processed,
            TransactionTemplate transactions, ReceivedEvents received) {
        this.subscriptions = subscriptions;
        this.schemas = schemas;
        this.processed = processed;
        this.transactions = transactions;
        this.received = received;
    }

    /** What became of an accepted event. */
    public enum Outcome {
        HANDLED, DUPLICATE
    }

    /**
     * @throws InvalidEventException when the event can never be handled here; nothing changed
     */
    public Outcome accept(CloudEvent event) {
        IncomingEvent<?> incoming;
        EventSubscriptions.Subscription<?> subscription;
        try {
            subscription = subscription(event);
            incoming = new IncomingEvent<>(event, SaleEvents.read(validJson(event), subscription.dataType()));
        } catch (InvalidEventException e) {
            received.rejected(event.getType());
            throw e;
        }
        Outcome outcome = transactions.execute(status -> {
            Outcome result = Outcome.DUPLICATE;
            if (processed.markProcessed(event.getSource().toString(), event.getId(), event.getType())) {
                subscription.handle(incoming);
                result = Outcome.HANDLED;
            }
            received.countAfterCommit(event.getType(), result);
            return result;
        });
        if (outcome == Outcome.DUPLICATE) {
            log.debug("Duplicate {} {} from {} acknowledged without effect", event.getType(), event.getId(),
                    event.getSource());
        }
        return outcome;
    }

    private EventSubscriptions.Subscription<?> subscription(CloudEvent event) {
        EventSubscriptions.Subscription<?> subscription = subscriptions.find(event.getType())
                .orElseThrow(() -> new InvalidEventException("unknown-type",
                        "This service does not consume events of type '" + event.getType() + "'; it takes "
                                + subscriptions.types().stream().sorted().toList()));
        if (subscription.definition().journey() && SaleEvents.correlationKey(event).isEmpty()) {
            throw new InvalidEventException("missing-correlation-key", event.getType()
                    + " belongs to a customer's journey and must carry the '" + SaleEvents.CORRELATION_KEY
                    + "' extension");
        }
        return subscription;
    }

    private JsonNode validJson(CloudEvent event) {
        JsonNode json = SaleEvents.json(event);
        List<String> violations = schemas.violations(event.getType(), json);
        if (!violations.isEmpty()) {
            throw new InvalidEventException("invalid-data",
                    "The data of " + event.getType() + " breaks its schema: " + String.join("; ", violations));
        }
        return json;
    }
}
