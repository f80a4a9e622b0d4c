package io.concertsale.broker.deadletter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.concertsale.broker.trigger.UnresolvableDestinationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters again: the original event (without the {@code knativeerror*} extensions the dispatcher added)
 * goes through the broker once more, to the Triggers that deliver it to the destination that failed, with their
 * delivery spec, retries and dead letter sink. The letter is taken out once the event is back in the delivery log.
 */
public final class DeadLetterReplay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final List<String> ERROR_EXTENSIONS = List.of("knativeerrordest", "knativeerrorcode",
            "knativeerrordata");

    private final DeadLetters letters;
    private final Broker broker;
    private final TriggerRegistry triggers;
    private final Subscribers subscribers;

    public DeadLetterReplay(DeadLetters letters, Broker broker, TriggerRegistry triggers, Subscribers subscribers) {
        this.letters = letters;
        this.broker = broker;
        this.triggers = triggers;
        this.subscribers = subscribers;
    }

    /**
     * What a replay did.
     *
     * @param triggers the Triggers the event went to again
     */
    public record Replayed(long letter, String eventId, String type, List<String> triggers) {
    }

    /**
     * Replays one letter.
     *
     * @throws UnknownDeadLetterException when there is no such letter (any more)
     * @throws DeadLetterNotReplayableException when no Trigger delivers the event to the failed destination now
     */
    public Replayed replay(long id) {
        DeadLetters.DeadLetter letter = letters.find(id).orElseThrow(() -> new UnknownDeadLetterException(id));
        CloudEvent original = original(letter.event());
        Object destination = letter.event().getExtension(DeadLetters.ERROR_DESTINATION);
        List<Trigger> to = triggersTo(original, destination == null ? null : destination.toString());
        if (to.isEmpty()) {
            throw new DeadLetterNotReplayableException(id, destination == null
                    ? "the letter does not say which destination failed (no knativeerrordest)"
                    : "no Trigger delivers " + original.getType() + " to " + destination + " any more");
        }
        broker.redeliver(original, to);
        letters.remove(id);
        List<String> names = to.stream().map(Trigger::name).toList();
        log.info("Dead letter {} ({} {}) replayed to {}", id, original.getType(), original.getId(), names);
        return new Replayed(id, original.getId(), original.getType(), names);
    }

    /**
     * Replays every letter that can be; the others stay.
     *
     * @return the replayed letters, and for each one that was not, why
     */
    public ReplayAll replayAll() {
        List<Replayed> replayed = new ArrayList<>();
        Map<Long, String> notReplayed = new TreeMap<>();
        for (DeadLetters.DeadLetter letter : letters.all()) {
            try {
                replayed.add(replay(letter.id()));
            } catch (DeadLetterNotReplayableException | UnknownDeadLetterException e) {
                notReplayed.put(letter.id(), e.getMessage());
            }
        }
        return new ReplayAll(replayed, notReplayed);
    }

    /** The outcome of replaying every letter. */
    public record ReplayAll(List<Replayed> replayed, Map<Long, String> notReplayed) {
    }

    private List<Trigger> triggersTo(CloudEvent event, String destination) {
        if (destination == null) {
            return List.of();
        }
        List<Trigger> result = new ArrayList<>();
        for (Trigger trigger : triggers.matching(event)) {
            try {
                if (subscribers.resolve(trigger.subscriber()).toString().equals(destination)) {
                    result.add(trigger);
                }
            } catch (UnresolvableDestinationException e) {
                // a Trigger whose subscriber has no address now cannot be the one that failed at this address
            }
        }
        return result;
    }

    private static CloudEvent original(CloudEvent letter) {
        CloudEventBuilder builder = CloudEventBuilder.from(letter);
        ERROR_EXTENSIONS.forEach(builder::withoutExtension);
        return builder.build();
    }
}
