package io.concertsale.broker.deadletter;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.metrics.BrokerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local dead letter sink: keeps the most recent events that no subscriber took, and logs each at WARN with
 * its attributes, including Knative's {@code knativeerrordest}, {@code knativeerrorcode} and
 * {@code knativeerrordata}.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final int size;
    private final Clock clock;
    private final BrokerMetrics metrics;
    private final Deque<DeadLetter> letters = new ArrayDeque<>();

    public DeadLetters(int size, Clock clock, BrokerMetrics metrics) {
        if (size < 1) {
            throw new IllegalArgumentException("The dead letter store needs room for a letter");
        }
        this.size = size;
        this.clock = clock;
        this.metrics = metrics;
    }

    public DeadLetter add(CloudEvent event) {
        DeadLetter letter = new DeadLetter(clock.instant(), event);
        synchronized (letters) {
            if (letters.size() == size) {
                letters.removeFirst();
            }
            letters.addLast(letter);
        }
        metrics.deadLetterReceived();
        log.warn("Dead letter {} {}: {}", event.getType(), event.getId(), EventAttributes.of(event));
        return letter;
    }

    /** The newest letters first. */
    public List<DeadLetter> recent(int limit) {
        List<DeadLetter> result = new ArrayList<>();
        synchronized (letters) {
            Iterator<DeadLetter> newestFirst = letters.descendingIterator();
            while (newestFirst.hasNext() && result.size() < limit) {
                result.add(newestFirst.next());
            }
        }
        return result;
    }

    /** An event the dead letter sink took. */
    public record DeadLetter(Instant receivedAt, CloudEvent event) {
    }
}
