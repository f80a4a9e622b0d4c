package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.schema.EventSchemas;
import io.concertsale.eventkit.jdbc.GroupCommit;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Defence in depth behind the broker's sender identity (its EventPolicies let each producer send only its own
 * types), so that a fact that got through anyway is still checked before it moves anything; each refusal is a 400
 * problem (the broker does not retry it), counted as rejected, and changes nothing:
 * <ul>
 * <li>{@code source-not-producer}: the event's {@code source} is not {@code urn:concertsale:<producer>} of the
 * producer the event catalog names for its type (a {@code Sale.Opened} from anyone but the gateway, say);</li>
 * <li>{@code event-from-the-future}: its {@code time} is more than {@code sale.events.max-clock-skew} (60 s by
 * default) ahead of this service's clock, so that a far-future-dated fact cannot win every later "is this newer?"
 * comparison (an admission setting or an availability snapshot dated next year would freeze the waiting room);
 * an event without {@code time} is taken at its arrival. The same holds for the time its data gives the fact, for
 * types a service subscribed with {@link EventSubscriptions.Builder#onDated};</li>
 * <li>{@code invalid-data}: a journey event whose data names a session ({@code sessionId}) other than its
 * {@code correlationkey}: an event about one session cannot change another;</li>
 * <li>a subscription's own {@link EventSubscriptions.Check check}, run on the request's thread before the
 * transaction (tickets asks the payment provider whether a payment an event reports really is authorized); a
 * check that throws {@link InvalidEventException} refuses the event, any other exception is a 5xx so the broker
 * retries it.</li>
 * </ul>
 */
public class EventIngress implements SmartLifecycle {

    /** The default of {@code sale.events.max-clock-skew}. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    static final String SOURCE_PREFIX = "urn:concertsale:";

    private static final Logger log = LoggerFactory.getLogger(EventIngress.class);

    private final EventSubscriptions subscriptions;
    private final EventSchemas schemas;
    private final ProcessedEventStore processed;
    private final ReceivedEvents received;
    private final GroupCommit<Accepted, Outcome> commits;
    private final Clock clock;
    private final Duration maxClockSkew;

    /**
     * @param batchSize the most events handled in one transaction
     * @param committers how many such transactions run at once
     * @param maxClockSkew how far ahead of the clock an event's {@code time} may be
     *        ({@code sale.events.max-clock-skew})
     * @param clock the service's clock; an event or fact may be ahead of the later of it and the system clock by at
     *        most the skew (they are the same clock in production; a test may move the service's clock on, or hold it)
     */
    public EventIngress(EventSubscriptions subscriptions, EventSchemas schemas, ProcessedEventStore processed,
            TransactionTemplate transactions, ReceivedEvents received, int batchSize, int committers,
            Duration maxClockSkew, Clock clock) {
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
        this.subscriptions = subscriptions;
        this.schemas = schemas;
        this.processed = processed;
        this.received = received;
        this.commits = GroupCommit.ofBatches("event-ingress", transactions, this::handle, batchSize, committers,
                received::batch);
    }

    /** The latest time an event or fact may be dated now. */
    private Instant latestAllowed() {
        Instant now = Instant.now();
        Instant service = clock.instant();
        return (service.isAfter(now) ? service : now).plus(maxClockSkew);
    }

    /** How far ahead of this service's clock an event's {@code time} may be. */
    public Duration maxClockSkew() {
        return maxClockSkew;
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
            notFromTheFuture(event);
            incoming = new IncomingEvent<>(event, SaleEvents.read(validJson(event), subscription.dataType()));
            factNotFromTheFuture(incoming, subscription.factTime(incoming));
            aboutItsOwnSession(incoming);
            subscription.check(incoming);
        } catch (InvalidEventException e) {
            received.rejected(event.getType());
            throw e;
        }
        Outcome outcome;
        try {
            outcome = commits.submit(new Accepted(incoming, subscription));
        } catch (InvalidEventException e) {
            received.rejected(event.getType());
            throw e;
        }
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
        String producer = SOURCE_PREFIX + subscription.definition().producer();
        URI source = event.getSource();
        if (source == null || !producer.equals(source.toString())) {
            log.warn("Refused {} {} from source {}: only {} states it", event.getType(), event.getId(), source,
                    producer);
            throw new InvalidEventException("source-not-producer", event.getType() + " is stated by " + producer
                    + " only (the event catalog's producer), not by " + source);
        }
        return subscription;
    }

    /** The {@code sessionId} accessor of a data record, where it has one. */
    private static final ClassValue<Optional<Method>> SESSION_ID = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals("sessionId") && component.getType() == String.class) {
                    return Optional.of(component.getAccessor());
                }
            }
            return Optional.empty();
        }
    };

    private static void aboutItsOwnSession(IncomingEvent<?> incoming) {
        String correlationKey = incoming.correlationKey();
        Object data = incoming.data();
        if (correlationKey == null || data == null) {
            return;
        }
        Optional<Method> accessor = SESSION_ID.get(data.getClass());
        if (accessor.isEmpty()) {
            return;
        }
        Object sessionId;
        try {
            sessionId = accessor.get().invoke(data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the session id of " + incoming.type(), e);
        }
        if (sessionId != null && !correlationKey.equals(sessionId)) {
            throw new InvalidEventException("invalid-data", "The data of " + incoming.type() + " is about session '"
                    + sessionId + "' but its " + SaleEvents.CORRELATION_KEY + " is '" + correlationKey + "'");
        }
    }

    private void factNotFromTheFuture(IncomingEvent<?> incoming, Instant factTime) {
        if (factTime != null && factTime.isAfter(latestAllowed())) {
            log.warn("Refused {} {} from {}: its data dates the fact {}, more than {} ahead of this service's clock",
                    incoming.type(), incoming.id(), incoming.event().getSource(), factTime, maxClockSkew);
            throw new InvalidEventException("event-from-the-future", "The data of " + incoming.type()
                    + " dates the fact " + factTime + ", more than " + maxClockSkew.toSeconds()
                    + " s ahead of this service's clock; a fact may not be dated in the future");
        }
    }

    private void notFromTheFuture(CloudEvent event) {
        OffsetDateTime time = event.getTime();
        if (time == null) {
            return;
        }
        if (time.toInstant().isAfter(latestAllowed())) {
            log.warn("Refused {} {} from {} dated {}, more than {} ahead of this service's clock", event.getType(),
                    event.getId(), event.getSource(), time, maxClockSkew);
            throw new InvalidEventException("event-from-the-future", event.getType() + " is dated " + time
                    + ", more than " + maxClockSkew.toSeconds() + " s ahead of this service's clock; an event may not"
                    + " be dated in the future");
        }
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
