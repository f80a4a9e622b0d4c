package io.concertsale.broker.store;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.delivery.DeliveryLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's delivery log on disk: every accepted event is written here, with the Triggers it must reach,
 * before ingress answers 202; each delivery that finishes (delivered, dead-lettered or given up) is marked done;
 * failed tries are counted. After a crash, {@link #open} reads the log back and hands over every delivery that had
 * not finished, with the tries it had used, so nothing accepted is lost.
 *
 * <p>The log is a series of segment files of length-prefixed, CRC-checked records, appended by one writer thread
 * that writes whatever is waiting in one system call (group commit): an append returns once its record is in the
 * file (in the operating system's page cache, which survives the death of this process; with {@code fsync} also on
 * the device). The marks of finished deliveries and of failed tries are not waited for: they do not wake the writer
 * but go out with the next append's write, or within {@link #UNHURRIED_WRITE_DELAY} when none comes, so a busy log
 * writes once per batch of appends instead of once more per delivery; a crash in between only delivers those events
 * once more (at least once, as ever). A torn record at the end of the last segment, from a crash in the middle of a
 * write, was never acknowledged and is cut off. Segments are deleted oldest first once every event in them is done,
 * so the log holds about what is still pending.
 */
public final class EventStore implements DeliveryLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);
    private static final byte EVENT = 1;
    private static final byte DONE = 2;
    private static final byte ATTEMPTS = 3;
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";
    /** The longest a record that nobody waits for (a delivery's done or failed-try mark) waits for the writer. */
    static final Duration UNHURRIED_WRITE_DELAY = Duration.ofMillis(20);

    private final Path directory;
    private final long segmentSize;
    private final boolean fsync;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final Map<Long, Live> live = new ConcurrentHashMap<>();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    /** Records nobody waits for: written with the next batch, without waking the writer. */
    private final Queue<Write> unhurried = new ConcurrentLinkedQueue<>();
    private final List<StoredEvent> recovered;
    private final Thread writer;
    private Segment active;
    private FileChannel channel;
    private volatile boolean closed;

    /**
     * An event whose deliveries had not all finished when the log was last written.
     *
     * @param pending the Triggers still to reach, each with the tries already used
     */
    public record StoredEvent(long seq, CloudEvent event, Instant receivedAt, int ttl, Map<String, Integer> pending) {
    }

    /**
     * @param directory where the segments live; created if missing
     * @param segmentSize how large a segment grows before the next one starts
     * @param fsync force every write to the device, not only to the operating system
     */
    public record Settings(Path directory, long segmentSize, boolean fsync) {
    }

    private EventStore(Settings settings) {
        this.directory = settings.directory();
        this.segmentSize = settings.segmentSize();
        this.fsync = settings.fsync();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's log folder " + directory, e);
        }
        this.recovered = recover();
        startSegment(segments.isEmpty() ? 1 : segments.lastKey() + 1);
        deleteFinishedSegments();
        this.writer = Thread.ofPlatform().daemon().name("broker-log-writer").start(this::writeLoop);
    }

    /** Opens the log in its folder, reading back whatever an earlier run left pending. */
    public static EventStore open(Settings settings) {
        return new EventStore(settings);
    }

    /** The events that were pending when the log was opened, oldest first; each must be dispatched again. */
    public List<StoredEvent> recovered() {
        return recovered;
    }

    /**
     * Writes an accepted event and the Triggers it must reach; returns once it is in the log.
     *
     * @return the event's number in the log
     * @throws StoreException when it could not be written; the event was not accepted
     */
    public long append(CloudEvent event, List<String> triggers, Instant receivedAt, int ttl) {
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("An event that reaches no Trigger is not kept");
        }
        long seq = nextSeq.getAndIncrement();
        EventCodec.Output out = Records.begin(EVENT, 1024);
        out.longValue(seq);
        out.longValue(receivedAt.toEpochMilli());
        out.integer(ttl);
        out.integer(triggers.size());
        triggers.forEach(out::string);
        EventCodec.write(event, out);
        Live entry = new Live(triggers.size());
        live.put(seq, entry);
        CompletableFuture<Void> written = new CompletableFuture<>();
        enqueue(new Write(Records.finish(out), entry, written));
        try {
            written.get();
            return seq;
        } catch (ExecutionException e) {
            live.remove(seq);
            throw new StoreException("The broker could not write event " + event.getId() + " to its log: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while writing event " + event.getId(), e);
        }
    }

    /** One delivery of an event finished for good: delivered, dead-lettered, or given up. */
    @Override
    public void done(long seq, String trigger) {
        Live entry = live.get(seq);
        if (entry == null) {
            return;
        }
        EventCodec.Output out = Records.begin(DONE, 64 + trigger.length());
        out.longValue(seq);
        out.string(trigger);
        enqueueUnhurried(new Write(Records.finish(out), null, null));
        if (entry.remaining.decrementAndGet() == 0 && live.remove(seq) != null) {
            release(entry.segment);
        }
    }

    /** A delivery has used this many tries so far; after a restart it goes on from there. */
    @Override
    public void attempted(long seq, String trigger, int attempts) {
        if (!live.containsKey(seq)) {
            return;
        }
        EventCodec.Output out = Records.begin(ATTEMPTS, 64 + trigger.length());
        out.longValue(seq);
        out.string(trigger);
        out.integer(attempts);
        enqueueUnhurried(new Write(Records.finish(out), null, null));
    }

    /**
     * Returns once every record handed to the log before this call is in the file, and every segment that finished
     * meanwhile is deleted: a barrier after which the files on disk are what the log holds.
     *
     * @throws StoreException when the log is closed or could not write
     */
    void flush() {
        CompletableFuture<Void> written = new CompletableFuture<>();
        enqueue(new Write(new byte[0], null, written));
        try {
            written.get();
        } catch (ExecutionException e) {
            throw new StoreException("The broker's log could not write what it was given: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while flushing the broker's log", e);
        }
    }

    /** Events with deliveries still to finish. */
    public int pendingEvents() {
        return live.size();
    }

    /** Segment files on disk. */
    public int segments() {
        synchronized (segments) {
            return segments.size();
        }
    }

    /** Bytes of the segment files on disk. */
    public long bytes() {
        synchronized (segments) {
            return segments.values().stream().mapToLong(segment -> segment.path.toFile().length()).sum();
        }
    }

    /** Writes what is waiting and closes the file; later appends fail. Pending deliveries stay for the next run. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writes.add(Write.STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Closing the broker's log failed", e);
        }
        if (!live.isEmpty()) {
            log.info("{} events still have deliveries to make; they resume at the next start", live.size());
        }
    }

    private void enqueue(Write write) {
        if (closed) {
            if (write.written != null) {
                write.written.completeExceptionally(new IllegalStateException("the broker's log is closed"));
            }
            return;
        }
        writes.add(write);
    }

    private void enqueueUnhurried(Write write) {
        if (!closed) {
            unhurried.add(write);
        }
    }

    // ---------------------------------------------------------------- writing

    private void writeLoop() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                // never an untimed wait: a mark handed over just after a look at an empty queue would wait for the
                // next append, however late that came (an idle writer wakes 50 times a second for this)
                Write first = writes.poll(UNHURRIED_WRITE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
                // the order of marks and appends in a batch does not matter: a mark is only made once its event's
                // record is in the file (the delivery began after that)
                for (Write write = unhurried.poll(); write != null; write = unhurried.poll()) {
                    batch.add(write);
                }
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            writes.drainTo(batch);
            boolean stop = batch.remove(Write.STOP);
            try {
                writeBatch(batch);
            } catch (IOException | RuntimeException e) {
                log.error("Writing {} records to the broker's log failed", batch.size(), e);
                batch.stream().filter(write -> write.written != null)
                        .forEach(write -> write.written.completeExceptionally(e));
            }
            batch.clear();
            if (stop) {
                List<Write> rest = new ArrayList<>();
                writes.drainTo(rest);
                rest.stream().filter(write -> write.written != null).forEach(write -> write.written
                        .completeExceptionally(new IllegalStateException("the broker's log is closed")));
                return;
            }
        }
    }

    private void writeBatch(List<Write> batch) throws IOException {
        int total = 0;
        for (Write write : batch) {
            total += write.record.length;
        }
        if (total > 0) {
            if (active.size >= segmentSize) {
                channel.close();
                startSegment(active.index + 1);
                // the segment just left may hold only finished events: nothing else would delete it before the
                // next done
                deleteFinishedSegments();
            }
            ByteBuffer buffer = ByteBuffer.allocate(total);
            for (Write write : batch) {
                buffer.put(write.record);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(false);
            }
            active.size += total;
        }
        synchronized (segments) {
            for (Write write : batch) {
                if (write.event != null) {
                    write.event.segment = active;
                    active.liveEvents++;
                }
            }
        }
        for (Write write : batch) {
            if (write.written != null) {
                write.written.complete(null);
            }
        }
    }

    private void startSegment(long index) {
        Path path = directory.resolve(PREFIX + String.format("%020d", index) + SUFFIX);
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the broker's log segment " + path, e);
        }
        Segment segment = new Segment(index, path);
        segment.size = path.toFile().length();
        synchronized (segments) {
            segments.put(index, segment);
            active = segment;
        }
    }

    private void release(Segment segment) {
        synchronized (segments) {
            segment.liveEvents--;
        }
        deleteFinishedSegments();
    }

    /** Deletes segments oldest first while every event in them is done (done marks of older events live in newer ones). */
    private void deleteFinishedSegments() {
        List<Path> finished = new ArrayList<>();
        synchronized (segments) {
            while (!segments.isEmpty()) {
                Segment oldest = segments.firstEntry().getValue();
                if (oldest == active || oldest.liveEvents > 0) {
                    break;
                }
                segments.pollFirstEntry();
                finished.add(oldest.path);
            }
        }
        for (Path path : finished) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("Could not delete the finished log segment {}", path, e);
            }
        }
    }

    // ---------------------------------------------------------------- reading back

    private List<StoredEvent> recover() {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(path -> path.getFileName().toString().startsWith(PREFIX)
                    && path.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the broker's log in " + directory, e);
        }
        Map<Long, Recovering> pending = new LinkedHashMap<>();
        long maxSeq = 0;
        int events = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = file.getFileName().toString();
            long index = Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
            Segment segment = new Segment(index, file);
            segments.put(index, segment);
            maxSeq = Math.max(maxSeq, readSegment(segment, pending, i == files.size() - 1));
        }
        List<StoredEvent> result = new ArrayList<>();
        for (Map.Entry<Long, Recovering> entry : pending.entrySet()) {
            Recovering event = entry.getValue();
            if (event.triggers.isEmpty()) {
                continue;
            }
            Live liveEntry = new Live(event.triggers.size());
            liveEntry.segment = event.segment;
            event.segment.liveEvents++;
            live.put(entry.getKey(), liveEntry);
            result.add(new StoredEvent(entry.getKey(), event.event, event.receivedAt, event.ttl,
                    Collections.unmodifiableMap(event.triggers)));
            events++;
        }
        nextSeq.set(maxSeq + 1);
        if (!files.isEmpty()) {
            log.info("Broker log in {}: {} segments read, {} events with deliveries to resume", directory,
                    files.size(), events);
        }
        return List.copyOf(result);
    }

    private long readSegment(Segment segment, Map<Long, Recovering> pending, boolean last) {
        byte[] content;
        try {
            content = Files.readAllBytes(segment.path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the broker's log segment " + segment.path, e);
        }
        ByteBuffer in = ByteBuffer.wrap(content);
        long maxSeq = 0;
        while (in.remaining() > 0) {
            int start = in.position();
            ByteBuffer body = Records.next(in);
            if (body == null) {
                if (last) {
                    log.warn("The broker's log {} ends in a torn record at byte {} (a crash while writing it, so it "
                            + "was never acknowledged); cutting it off", segment.path, start);
                    truncate(segment.path, start);
                } else {
                    log.error("The broker's log {} is damaged at byte {}; the rest of this segment is skipped",
                            segment.path, start);
                }
                break;
            }
            maxSeq = Math.max(maxSeq, apply(body, segment, pending));
        }
        segment.size = in.position();
        return maxSeq;
    }

    private static long apply(ByteBuffer body, Segment segment, Map<Long, Recovering> pending) {
        byte kind = body.get();
        long seq = body.getLong();
        switch (kind) {
            case EVENT -> {
                Instant receivedAt = Instant.ofEpochMilli(body.getLong());
                int ttl = body.getInt();
                int count = body.getInt();
                Map<String, Integer> triggers = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    triggers.put(EventCodec.Input.string(body), 0);
                }
                CloudEvent event = EventCodec.read(body);
                pending.put(seq, new Recovering(event, receivedAt, ttl, triggers, segment));
            }
            case DONE -> {
                Recovering event = pending.get(seq);
                if (event != null) {
                    event.triggers.remove(EventCodec.Input.string(body));
                    if (event.triggers.isEmpty()) {
                        pending.remove(seq);
                    }
                }
            }
            case ATTEMPTS -> {
                Recovering event = pending.get(seq);
                if (event != null) {
                    String trigger = EventCodec.Input.string(body);
                    int attempts = body.getInt();
                    event.triggers.computeIfPresent(trigger, (name, used) -> Math.max(used, attempts));
                }
            }
            default -> throw new IllegalStateException("Unknown record kind " + kind + " in the broker's log");
        }
        return seq;
    }

    private static void truncate(Path path, long size) {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cut the torn end off " + path, e);
        }
    }

    /** An event read back from the log, with the Triggers it has yet to reach and the tries used. */
    private record Recovering(CloudEvent event, Instant receivedAt, int ttl, Map<String, Integer> triggers,
            Segment segment) {
    }

    /** An event with deliveries still to finish: where its record is, and how many deliveries are left. */
    private static final class Live {

        final AtomicInteger remaining;
        volatile Segment segment;

        Live(int deliveries) {
            this.remaining = new AtomicInteger(deliveries);
        }
    }

    private static final class Segment {

        final long index;
        final Path path;
        long size;
        int liveEvents;

        Segment(long index, Path path) {
            this.index = index;
            this.path = path;
        }
    }

    /**
     * A record waiting for the writer.
     *
     * @param event the live entry of an event record, so the writer can note its segment; null for other records
     * @param written completed once the record is in the file; null when nobody waits for it
     */
    private record Write(byte[] record, Live event, CompletableFuture<Void> written) {

        static final Write STOP = new Write(new byte[0], null, null);
    }
}
