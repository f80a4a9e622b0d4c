package io.concertsale.engine.journal;

import io.concertsale.engine.runtime.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's journal: every command it acknowledged, with the time it was processed, in order. An entry is a
 * length, a CRC32C and the command as JSON; the engine appends a batch and forces it to disk before it answers any
 * command of the batch. A torn entry at the end (a crash in the middle of a write) is cut off when it is read.
 */
public class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A command as it was processed. */
    public record Entry(long time, Command command) {
    }

    private final Path file;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** No journal: the engine keeps nothing (tests). */
    public static Journal none() {
        return new Journal(null, null) {
            @Override
            public List<Entry> readAll() {
                return List.of();
            }

            @Override
            public void append(long time, Command command) {
                // nothing is kept
            }

            @Override
            public void flush() {
                // nothing is kept
            }

            @Override
            public void close() {
                // nothing to close
            }
        };
    }

    /** Opens (or creates) a journal file. */
    public static Journal open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new Journal(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the engine's journal " + file, e);
        }
    }

    /** Every entry on disk, oldest first; cuts off a torn or corrupt tail and positions the journal after the rest. */
    public List<Entry> readAll() {
        try {
            List<Entry> read = new ArrayList<>();
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(8);
            long position = 0;
            while (position + 8 <= size) {
                header.clear();
                channel.read(header, position);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || position + 8 + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                channel.read(payload, position + 8);
                CRC32C check = new CRC32C();
                check.update(payload.array());
                if ((int) check.getValue() != crc) {
                    break;
                }
                read.add(MAPPER.readValue(payload.array(), Entry.class));
                position += 8 + length;
            }
            if (position < size) {
                log.warn("The engine's journal {} ends with {} bytes of a torn entry: cut off", file,
                        size - position);
                channel.truncate(position);
            }
            channel.position(position);
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine's journal " + file, e);
        }
    }

    /** Adds an entry to the batch being written. */
    public void append(long time, Command command) {
        byte[] payload = MAPPER.writeValueAsBytes(new Entry(time, command));
        CRC32C check = new CRC32C();
        check.update(payload);
        if (buffer.remaining() < payload.length + 8) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position()
                    + payload.length + 8));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        buffer.putInt(payload.length).putInt((int) check.getValue()).put(payload);
    }

    /** Writes the batch and forces it to disk. */
    public void flush() {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the engine's journal " + file, e);
        } finally {
            buffer.clear();
        }
    }

    @Override
    public void close() {
        try {
            flush();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the engine's journal " + file, e);
        }
    }
}
