package io.concertsale.broker.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Trigger changes made through the API, kept on disk as a cluster keeps applied objects: a Trigger put at
 * runtime is {@code <name>.yaml} (its manifest as it was sent), one deleted is {@code <name>.deleted}. At start the
 * broker loads the manifests of {@code knative/}, then applies these, so the routes the Zeebe router made for a
 * deployed model survive a restart of the broker (and the deliveries waiting for them go on).
 */
public final class TriggerChanges {

    private static final Logger log = LoggerFactory.getLogger(TriggerChanges.class);
    private static final String PUT = ".yaml";
    private static final String DELETED = ".deleted";

    private final Path directory;

    public TriggerChanges(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of Trigger changes " + directory, e);
        }
    }

    /** Applies the stored changes to the registry, in name order; a stored manifest that no longer parses is skipped. */
    public void applyTo(TriggerRegistry registry) {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Trigger changes in " + directory, e);
        }
        int applied = 0;
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            try {
                if (fileName.endsWith(PUT)) {
                    registry.put(TriggerManifests.parseTrigger(Files.readString(file), file.toString()));
                    applied++;
                } else if (fileName.endsWith(DELETED)) {
                    String name = fileName.substring(0, fileName.length() - DELETED.length());
                    if (registry.find(name).isPresent()) {
                        registry.remove(name);
                    }
                    applied++;
                }
            } catch (IOException | InvalidTriggerException e) {
                log.error("The stored Trigger change {} cannot be applied and is skipped: {}", file, e.getMessage());
            }
        }
        if (applied > 0) {
            log.info("Applied {} Trigger changes made through the API before the broker last stopped", applied);
        }
    }

    /** A Trigger was put: its manifest is kept (replacing a deletion of the same name). */
    public void put(String name, String manifest) {
        write(directory.resolve(name + PUT), manifest);
        delete(directory.resolve(name + DELETED));
    }

    /** A Trigger was deleted: the deletion is kept, so a Trigger of the manifests stays deleted too. */
    public void deleted(String name) {
        write(directory.resolve(name + DELETED), "");
        delete(directory.resolve(name + PUT));
    }

    private static void write(Path file, String content) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.writeString(next, content, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the Trigger change " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + file, e);
        }
    }
}
