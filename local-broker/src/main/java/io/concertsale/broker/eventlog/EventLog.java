package io.concertsale.broker.eventlog;

import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most recent accepted events in a ring buffer, and live streams of them. A stream never slows ingress down:
 * each has its own bounded buffer and thread, and a stream that falls behind misses events and is told how many.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final LoggedEvent[] ring;
    private final int streamBuffer;
    private final Duration heartbeat;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong missed = new AtomicLong();
    private long sequence;
    private volatile boolean closed;

    /**
     * @param size how many events are kept
     * @param streamBuffer events buffered per stream
     * @param heartbeat how often an idle stream is sent a heartbeat
     */
    public EventLog(int size, int streamBuffer, Duration heartbeat) {
        if (size < 1 || streamBuffer < 1) {
            throw new IllegalArgumentException("The event log and its stream buffers need room for an event");
        }
        this.ring = new LoggedEvent[size];
        this.streamBuffer = streamBuffer;
        this.heartbeat = heartbeat;
    }

    /** Adds an accepted event, with a pending delivery for each Trigger, and passes it to the live streams. */
    public LoggedEvent append(CloudEvent event, LoggedEvent.ReplyTo replyTo, int ttl, List<String> triggers,
            Instant receivedAt) {
        List<DeliveryRecord> deliveries = triggers.stream().map(name -> new DeliveryRecord(name, receivedAt)).toList();
        synchronized (ring) {
            LoggedEvent logged = new LoggedEvent(++sequence, receivedAt, event, replyTo, ttl, deliveries);
            ring[(int) (logged.sequence() % ring.length)] = logged;
            for (Stream stream : streams) {
                stream.offer(logged);
            }
            return logged;
        }
    }

    /** The newest events that pass the filter, newest first. */
    public List<LoggedEvent> recent(int limit, Predicate<LoggedEvent> filter) {
        List<LoggedEvent> result = new ArrayList<>();
        synchronized (ring) {
            for (long n = sequence; n > 0 && n > sequence - ring.length && result.size() < limit; n--) {
                LoggedEvent logged = ring[(int) (n % ring.length)];
                if (filter.test(logged)) {
                    result.add(logged);
                }
            }
        }
        return result;
    }

    /** Events missed by slow streams since the start. */
    public long missed() {
        return missed.get();
    }

    public int streams() {
        return streams.size();
    }

    /**
     * Starts a live stream of the events that pass the filter, on its own thread.
     *
     * @param after the sequence number the client saw last (to resume after a reconnect), or 0 for only new events
     */
    public void stream(Predicate<LoggedEvent> filter, long after, StreamSink sink) {
        if (closed) {
            sink.close();
            return;
        }
        Stream stream;
        synchronized (ring) {
            List<LoggedEvent> replay = new ArrayList<>();
            if (after > 0) {
                for (long n = Math.max(after + 1, sequence - ring.length + 1); n <= sequence; n++) {
                    LoggedEvent logged = ring[(int) (n % ring.length)];
                    if (filter.test(logged)) {
                        replay.add(logged);
                    }
                }
            }
            stream = new Stream(filter, sink, replay);
            streams.add(stream);
        }
        Thread.ofVirtual().name("event-stream-", 0).start(stream::run);
    }

    /** Ends every live stream. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(Stream::stop);
    }

    private final class Stream {

        private final Predicate<LoggedEvent> filter;
        private final StreamSink sink;
        private final List<LoggedEvent> replay;
        private final BlockingQueue<LoggedEvent> queue = new ArrayBlockingQueue<>(streamBuffer);
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean stopped;
        private volatile Thread thread;

        Stream(Predicate<LoggedEvent> filter, StreamSink sink, List<LoggedEvent> replay) {
            this.filter = filter;
            this.sink = sink;
            this.replay = replay;
        }

        void offer(LoggedEvent logged) {
            if (filter.test(logged) && !queue.offer(logged)) {
                dropped.incrementAndGet();
                missed.incrementAndGet();
            }
        }

        void run() {
            thread = Thread.currentThread();
            try {
                sink.open();
                for (LoggedEvent logged : replay) {
                    sink.send(logged);
                }
                while (!stopped) {
                    LoggedEvent next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    long gap = dropped.getAndSet(0);
                    if (gap > 0) {
                        sink.gap(gap);
                    }
                    if (next != null) {
                        sink.send(next);
                    } else if (gap == 0) {
                        sink.heartbeat();
                    }
                }
            } catch (IOException e) {
                log.debug("Event stream client gone: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Event stream ended by an error", e);
            } finally {
                streams.remove(this);
                sink.close();
            }
        }

        void stop() {
            stopped = true;
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
