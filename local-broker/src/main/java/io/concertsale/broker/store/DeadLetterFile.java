package io.concertsale.broker.store;

import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters on disk: a letter is written before the dead letter sink answers 202, and a replayed or discarded
 * one is marked removed, so the letters survive restarts until an operator deals with them. The file is rewritten
 * with only the letters still there each time it is opened.
 */
public final class DeadLetterFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterFile.class);
    private static final byte LETTER = 1;
    private static final byte REMOVED = 2;
    private static final byte NUMBERED = 3;

    private final Path path;
    private final boolean fsync;
    private final List<Entry> entries;
    private long highestId;
    private FileChannel channel;

    /** A stored letter. */
    public record Entry(long id, Instant receivedAt, CloudEvent event) {
    }

    private DeadLetterFile(Path path, boolean fsync) {
        this.path = path;
        this.fsync = fsync;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            this.entries = read(path);
            compact();
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the dead letters at " + path, e);
        }
        if (!entries.isEmpty()) {
            log.info("{} dead letters kept from earlier runs in {}", entries.size(), path);
        }
    }

    /** Opens the file, creating it when missing. */
    public static DeadLetterFile open(Path path, boolean fsync) {
        return new DeadLetterFile(path, fsync);
    }

    /** The highest letter number ever given, also of letters taken out since: numbers are never reused. */
    public long highestId() {
        return highestId;
    }

    /** The letters found when the file was opened, oldest first. */
    public List<Entry> entries() {
        return entries;
    }

    /** Writes a new letter; returns once it is in the file. */
    public synchronized void added(Entry entry) {
        EventCodec.Output out = Records.begin(LETTER, 1024);
        out.longValue(entry.id());
        out.longValue(entry.receivedAt().toEpochMilli());
        EventCodec.write(entry.event(), out);
        write(Records.finish(out));
    }

    /** Marks a letter as gone (replayed or discarded); returns once that is in the file. */
    public synchronized void removed(long id) {
        EventCodec.Output out = Records.begin(REMOVED, 32);
        out.longValue(id);
        write(Records.finish(out));
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Closing the dead letters file failed", e);
        }
    }

    private void write(byte[] record) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(record);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StoreException("Could not write to the dead letters at " + path + ": " + e.getMessage(), e);
        }
    }

    private List<Entry> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path));
        Map<Long, Entry> letters = new LinkedHashMap<>();
        while (in.remaining() > 0) {
            ByteBuffer body = Records.next(in);
            if (body == null) {
                log.warn("The dead letters file {} ends in a torn record (a crash while writing it); it is cut off",
                        path);
                break;
            }
            byte kind = body.get();
            long id = body.getLong();
            highestId = Math.max(highestId, id);
            if (kind == LETTER) {
                Instant receivedAt = Instant.ofEpochMilli(body.getLong());
                letters.put(id, new Entry(id, receivedAt, EventCodec.read(body)));
            } else if (kind == REMOVED) {
                letters.remove(id);
            } else if (kind != NUMBERED) {
                throw new IllegalStateException("Unknown record kind " + kind + " in " + path);
            }
        }
        return List.copyOf(new ArrayList<>(letters.values()));
    }

    /** Rewrites the file with the letters still there and the highest number given, atomically. */
    private void compact() throws IOException {
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            EventCodec.Output numbered = Records.begin(NUMBERED, 32);
            numbered.longValue(highestId);
            ByteBuffer first = ByteBuffer.wrap(Records.finish(numbered));
            while (first.hasRemaining()) {
                out.write(first);
            }
            for (Entry entry : entries) {
                EventCodec.Output record = Records.begin(LETTER, 1024);
                record.longValue(entry.id());
                record.longValue(entry.receivedAt().toEpochMilli());
                EventCodec.write(entry.event(), record);
                ByteBuffer buffer = ByteBuffer.wrap(Records.finish(record));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
