package io.concertsale.broker.deadletter;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.store.DeadLetterFile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local dead letter sink: keeps, on disk, the events that no subscriber took until an operator replays or
 * discards them, and logs each at WARN with its attributes, including Knative's {@code knativeerrordest},
 * {@code knativeerrorcode} and {@code knativeerrordata}. The same event dead-lettered again for the same
 * destination (a redelivery after a restart) replaces its letter instead of adding one. When the store is full the
 * oldest letter makes room, logged at ERROR with everything it held.
 */
public final class DeadLetters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    static final String ERROR_DESTINATION = "knativeerrordest";

    private final int size;
    private final Clock clock;
    private final BrokerMetrics metrics;
    private final DeadLetterFile file;
    private final Map<Long, DeadLetter> letters = new LinkedHashMap<>();
    private long nextId = 1;

    public DeadLetters(int size, Clock clock, BrokerMetrics metrics, DeadLetterFile file) {
        if (size < 1) {
            throw new IllegalArgumentException("The dead letter store needs room for a letter");
        }
        this.size = size;
        this.clock = clock;
        this.metrics = metrics;
        this.file = file;
        for (DeadLetterFile.Entry entry : file.entries()) {
            letters.put(entry.id(), new DeadLetter(entry.id(), entry.receivedAt(), entry.event()));
        }
        nextId = file.highestId() + 1;
        metrics.deadLetters(this::count);
    }

    /** Keeps a letter; returns once it is on disk. */
    public synchronized DeadLetter add(CloudEvent event) {
        DeadLetter letter = new DeadLetter(nextId++, clock.instant(), event);
        file.added(new DeadLetterFile.Entry(letter.id(), letter.receivedAt(), event));
        Optional<DeadLetter> same = letters.values().stream().filter(kept -> sameLetter(kept.event(), event))
                .findFirst();
        if (same.isPresent()) {
            remove(same.get().id());
        } else if (letters.size() == size) {
            DeadLetter oldest = letters.values().iterator().next();
            remove(oldest.id());
            log.error("The dead letter store is full ({} letters): the oldest, {} {}, is dropped. Attributes: {}. "
                    + "Data: {}", size, oldest.event().getType(), oldest.event().getId(),
                    EventAttributes.of(oldest.event()), EventAttributes.dataText(oldest.event(), 4096));
        }
        letters.put(letter.id(), letter);
        metrics.deadLetterReceived();
        log.warn("Dead letter {} {}: {}", event.getType(), event.getId(), EventAttributes.of(event));
        return letter;
    }

    /** The newest letters first. */
    public synchronized List<DeadLetter> recent(int limit) {
        List<DeadLetter> newestFirst = new ArrayList<>(letters.values()).reversed();
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    /** Every letter, oldest first. */
    public synchronized List<DeadLetter> all() {
        return List.copyOf(letters.values());
    }

    public synchronized Optional<DeadLetter> find(long id) {
        return Optional.ofNullable(letters.get(id));
    }

    /**
     * Takes a letter out (replayed or discarded), on disk first.
     *
     * @return false when there was no such letter
     */
    public synchronized boolean remove(long id) {
        if (!letters.containsKey(id)) {
            return false;
        }
        file.removed(id);
        letters.remove(id);
        return true;
    }

    public synchronized int count() {
        return letters.size();
    }

    @Override
    public void close() {
        file.close();
    }

    private static boolean sameLetter(CloudEvent kept, CloudEvent event) {
        return kept.getId().equals(event.getId()) && kept.getSource().equals(event.getSource())
                && Objects.equals(String.valueOf(kept.getExtension(ERROR_DESTINATION)),
                        String.valueOf(event.getExtension(ERROR_DESTINATION)));
    }

    /**
     * An event the dead letter sink took.
     *
     * @param id this broker's number for the letter
     */
    public record DeadLetter(long id, Instant receivedAt, CloudEvent event) {
    }
}
