package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.schema.EventSchemas;
import io.concertsale.eventkit.jdbc.GroupCommit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Takes an incoming CloudEvent: checks that the service consumes its type, that it carries the correlation key
 * when it belongs to a journey, and that its data meets the schema (on the request's own thread); then handles it
 * once, in one transaction with its deduplication record, which it may share with other events that arrived at the
 * same time ({@link GroupCommit}). Every outcome is counted ({@link ReceivedEvents}).
 */
public class EventIngress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventIngress.class);

    private final EventSubscriptions subscriptions;
    private final EventSchemas schemas;
    private final ProcessedEventStore processed;
    private final ReceivedEvents received;
    private final GroupCommit<Accepted, Outcome> commits;

    /**
     * @param batchSize the most events handled in one transaction
     * @param committers how many such transactions run at once
     */
    public EventIngress(EventSubscriptions subscriptions, EventSchemas schemas, ProcessedEventStore processed,
            TransactionTemplate transactions, ReceivedEvents received, int batchSize, int committers) {
        this.subscriptions = subscriptions;
        this.schemas = schemas;
        this.processed = processed;
        this.received = received;
        this.commits = GroupCommit.ofBatches("event-ingress", transactions, this::handle, batchSize, committers,
                received::batch);
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
        Outcome outcome = commits.submit(new Accepted(incoming, subscription));
        if (outcome == Outcome.DUPLICATE) {
            log.debug("Duplicate {} {} from {} acknowledged without effect", event.getType(), event.getId(),
                    event.getSource());
        }
        return outcome;
    }

    /**
     * In the transaction: records the events as processed (one batch of statements), then runs the handler of each
     * that was not processed before, in the order they came.
     */
    private List<Outcome> handle(List<Accepted> batch) {
        List<CloudEvent> events = new ArrayList<>(batch.size());
        for (Accepted accepted : batch) {
            events.add(accepted.event().event());
        }
        boolean[] fresh = processed.markProcessed(events);
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < fresh.length; i++) {
            Accepted accepted = batch.get(i);
            Outcome result = Outcome.DUPLICATE;
            if (fresh[i]) {
                accepted.subscription().handle(accepted.event());
                result = Outcome.HANDLED;
            }
            received.countAfterCommit(events.get(i).getType(), result);
            outcomes.add(result);
        }
        return outcomes;
    }

    @Override
    public void start() {
        commits.start();
    }

    @Override
    public void stop() {
        commits.stop();
    }

    @Override
    public boolean isRunning() {
        return commits.isRunning();
    }

    /** A valid event, and the subscription that handles it. */
    private record Accepted(IncomingEvent<?> event, EventSubscriptions.Subscription<?> subscription) {
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
