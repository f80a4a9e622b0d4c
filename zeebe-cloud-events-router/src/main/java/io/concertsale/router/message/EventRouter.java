package io.concertsale.router.message;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.PublishMessageResponse;
import io.concertsale.events.InvalidEventException;
import io.concertsale.router.job.JobReplies;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.zeebe.EngineException;
import io.concertsale.router.zeebe.EngineFailures;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into Zeebe messages: message name = type, correlation key = the {@code correlationkey} extension (or
 * the fallback data field), message id = event id, variables = data + static variables + the correlation key. An
 * event carrying {@code jobkey} is a reply instead and goes to {@link JobReplies}.
 */
public class EventRouter {

    /** The problem slug of an event without a correlation key. */
    public static final String NO_CORRELATION_KEY = "no-correlation-key";
    /** The problem slug of a reply whose {@code jobkey} is not a job key. */
    public static final String INVALID_JOB_KEY = "invalid-job-key";

    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final CamundaClient client;
    private final JobReplies replies;
    private final RouterMetrics metrics;
    private final Duration timeToLive;
    private final String correlationKeyFallback;
    private final String correlationKeyVariable;
    private final Map<String, Object> staticVariables;

    /**
     * @param correlationKeyFallback the data field that holds the key when the extension is missing, or null
     * @param correlationKeyVariable the variable that receives the key, or null for none
     */
    public EventRouter(CamundaClient client, JobReplies replies, RouterMetrics metrics, Duration timeToLive,
            String correlationKeyFallback, String correlationKeyVariable, Map<String, Object> staticVariables) {
        this.client = client;
        this.replies = replies;
        this.metrics = metrics;
        this.timeToLive = timeToLive;
        this.correlationKeyFallback = correlationKeyFallback;
        this.correlationKeyVariable = correlationKeyVariable;
        this.staticVariables = Map.copyOf(staticVariables);
    }

    /** Counts an event refused before it could be routed (dated in the future, say) as invalid. */
    public void refused() {
        metrics.eventReceived(RouterMetrics.Outcome.INVALID);
    }

    /**
     * Routes the event.
     *
     * @throws InvalidEventException when it can never be routed (no correlation key, a bad job key)
     * @throws EngineException when the engine is not available or refuses
     */
    public Routing route(InboundEvent event) {
        try {
            Routing routing = event.jobKey() != null && !event.ownEmission() ? reply(event) : publish(event);
            metrics.eventReceived(switch (routing) {
                case Routing.Published published -> RouterMetrics.Outcome.PUBLISHED;
                case Routing.Duplicate duplicate -> RouterMetrics.Outcome.DUPLICATE;
                case Routing.Ignored ignored -> RouterMetrics.Outcome.IGNORED;
                case Routing.Replied replied -> RouterMetrics.Outcome.REPLY;
            });
            return routing;
        } catch (InvalidEventException e) {
            metrics.eventReceived(RouterMetrics.Outcome.INVALID);
            throw e;
        } catch (EngineException e) {
            metrics.eventReceived(e.kind() == EngineException.Kind.UNAVAILABLE
                    ? RouterMetrics.Outcome.UNAVAILABLE : RouterMetrics.Outcome.INVALID);
            throw e;
        }
    }

    private Routing reply(InboundEvent event) {
        long jobKey;
        try {
            jobKey = Long.parseLong(event.jobKey().trim());
        } catch (NumberFormatException e) {
            throw new InvalidEventException(INVALID_JOB_KEY, "The jobkey extension '" + event.jobKey()
                    + "' is not a job key (a whole number)");
        }
        return replies.reply(jobKey, event.type(), event.id(), event.variables());
    }

    private Routing publish(InboundEvent event) {
        String correlationKey = correlationKey(event);
        if (correlationKey == null) {
            if (event.ownEmission()) {
                log.debug("Ignoring the router's own event {} {}: it has no correlation key", event.type(), event.id());
                return new Routing.Ignored(event.id(), "The router's own emission for job " + event.jobKey()
                        + " came back without a correlation key");
            }
            throw new InvalidEventException(NO_CORRELATION_KEY, "The event " + event.type() + " " + event.id()
                    + " has no correlationkey extension" + (correlationKeyFallback == null ? ""
                            : " and its data has no string or number field '" + correlationKeyFallback + "'"));
        }
        Map<String, Object> variables = new LinkedHashMap<>(staticVariables);
        variables.putAll(event.variables());
        if (correlationKeyVariable != null) {
            variables.put(correlationKeyVariable, correlationKey);
        }
        try {
            PublishMessageResponse response = client.newPublishMessageCommand()
                    .messageName(event.type())
                    .correlationKey(correlationKey)
                    .messageId(event.id())
                    .timeToLive(timeToLive)
                    .variables(variables)
                    .send().join();
            metrics.messagePublished();
            log.debug("Published message {} key {} for event {}", event.type(), correlationKey, event.id());
            return new Routing.Published(event.type(), correlationKey, event.id(), response.getMessageKey());
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, "publishing message " + event.type()
                    + " (event " + event.id() + ")");
            if (failure.kind() == EngineException.Kind.ALREADY_EXISTS) {
                log.debug("Message {} with id {} is still buffered: duplicate", event.type(), event.id());
                return new Routing.Duplicate(event.type(), correlationKey, event.id());
            }
            throw failure;
        }
    }

    private String correlationKey(InboundEvent event) {
        if (event.correlationKey() != null) {
            return event.correlationKey();
        }
        if (correlationKeyFallback == null || event.data() == null) {
            return null;
        }
        Object value = event.data().get(correlationKeyFallback);
        return switch (value) {
            case String text when !text.isBlank() -> text;
            case Integer number -> number.toString();
            case Long number -> number.toString();
            case BigInteger number -> number.toString();
            case BigDecimal number -> number.toPlainString();
            case Number number -> number.toString();
            case null, default -> null;
        };
    }
}
