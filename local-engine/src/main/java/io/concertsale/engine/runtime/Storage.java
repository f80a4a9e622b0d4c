package io.concertsale.engine.runtime;

import io.concertsale.engine.journal.Journal;
import io.concertsale.engine.record.EngineRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's data folder: a snapshot of the live state ({@code snapshot.jsonl}) and the journal of the commands
 * since ({@code journal-<generation>.log}). A snapshot is written aside, forced and renamed over the old one; only
 * then does the engine start the next journal and delete the previous one, so a crash at any point leaves either
 * the old snapshot with its journal or the new snapshot with its (maybe empty) journal.
 */
final class Storage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Storage.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String SNAPSHOT = "snapshot.jsonl";
    private static final Pattern JOURNAL = Pattern.compile("journal-(\\d+)\\.log");

    private final Path directory;
    private long generation;
    private Journal journal;
    private long entriesSinceSnapshot;

    private Storage(Path directory) {
        this.directory = directory;
    }

    /** Keeps nothing (tests, or an engine that must forget everything when it stops). */
    static Storage none() {
        Storage storage = new Storage(null);
        storage.journal = Journal.none();
        return storage;
    }

    static Storage in(Path directory) {
        return new Storage(directory);
    }

    boolean durable() {
        return directory != null;
    }

    /**
     * Restores the snapshot (if any) into the processor, then replays the journal written after it. Every record
     * this produces goes to the sink. Returns how many journal entries were replayed.
     */
    int recover(Processor processor, Consumer<List<EngineRecord>> records) {
        if (directory == null) {
            return 0;
        }
        try {
            Files.createDirectories(directory);
            Path snapshot = directory.resolve(SNAPSHOT);
            if (Files.exists(snapshot)) {
                try (BufferedReader reader = Files.newBufferedReader(snapshot, StandardCharsets.UTF_8)) {
                    Snapshot.Header header = MAPPER.readValue(reader.readLine(), Snapshot.Header.class);
                    generation = header.journalGeneration();
                    processor.restore(header, lines(reader));
                }
                records.accept(processor.drainRecords());
                log.info("The engine restored its snapshot: {} process instances", processor.activeInstances());
            }
            deleteJournalsBut(generation);
            journal = Journal.open(directory.resolve("journal-" + generation + ".log"));
            List<Journal.Entry> entries = journal.readAll();
            for (Journal.Entry entry : entries) {
                try {
                    processor.apply(entry.time(), entry.command());
                } catch (Rejection e) {
                    log.warn("A journaled command was refused on replay: {}", e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("A journaled command failed on replay as it did when it was first processed", e);
                }
                records.accept(processor.drainRecords());
                processor.drainEnded();
            }
            entriesSinceSnapshot = entries.size();
            return entries.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine's data in " + directory, e);
        }
    }

    private static Iterator<Snapshot.Line> lines(BufferedReader reader) {
        return new Iterator<>() {
            private String next = read();

            private String read() {
                try {
                    String line = reader.readLine();
                    while (line != null && line.isBlank()) {
                        line = reader.readLine();
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Snapshot.Line next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Snapshot.Line line = MAPPER.readValue(next, Snapshot.Line.class);
                next = read();
                return line;
            }
        };
    }

    void append(long time, Command command) {
        journal.append(time, command);
        entriesSinceSnapshot++;
    }

    void flush() {
        journal.flush();
    }

    long entriesSinceSnapshot() {
        return entriesSinceSnapshot;
    }

    /** Writes a snapshot of the processor's live state and starts the next journal. */
    void snapshot(Processor processor) {
        if (directory == null) {
            return;
        }
        journal.flush();
        long next = generation + 1;
        Path temporary = directory.resolve(SNAPSHOT + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(
                            java.nio.channels.Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16)) {
                processor.snapshot(next, item -> {
                    try {
                        writer.write(MAPPER.writeValueAsString(item));
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.flush();
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the engine's snapshot in " + directory, e);
        }
        Journal previous = journal;
        journal = Journal.open(directory.resolve("journal-" + next + ".log"));
        journal.readAll();
        previous.close();
        generation = next;
        entriesSinceSnapshot = 0;
        try {
            deleteJournalsBut(generation);
        } catch (IOException e) {
            log.warn("The journal before the snapshot could not be deleted: {}", e.toString());
        }
    }

    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory: the rename is still atomic
            log.debug("Cannot force the directory {}: {}", directory, e.toString());
        }
    }

    private void deleteJournalsBut(long keep) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher matcher = JOURNAL.matcher(file.getFileName().toString());
                if (matcher.matches() && Long.parseLong(matcher.group(1)) != keep) {
                    Files.delete(file);
                }
            }
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
