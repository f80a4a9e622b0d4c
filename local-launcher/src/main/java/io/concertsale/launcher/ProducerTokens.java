package io.concertsale.launcher;

import io.concertsale.broker.identity.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services' own tokens in a local sale, as Knative's SinkBinding projects them into a pod at {@code /oidc/token}:
 * the local broker issues one per service (its SinkBinding identity, the broker's audience), the launcher keeps it in
 * {@code <data folder>/identity/<service>.token} (owner-readable only) and writes a fresh one every
 * {@link #RENEW_EVERY}, well before the hour a token lives; the services read the file again on their own.
 */
final class ProducerTokens implements AutoCloseable {

    static final Duration RENEW_EVERY = Duration.ofMinutes(20);
    private static final Logger log = LoggerFactory.getLogger(ProducerTokens.class);

    private final Path folder;
    private final TokenIssuer issuer;
    private final List<String> services;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "producer-tokens");
        thread.setDaemon(true);
        return thread;
    });

    ProducerTokens(Path dataDir, TokenIssuer issuer, List<String> services) {
        this.folder = dataDir.toAbsolutePath().resolve("identity");
        this.issuer = issuer;
        this.services = List.copyOf(services);
        writeAll();
        renewals.scheduleAtFixedRate(this::renew, RENEW_EVERY.toSeconds(), RENEW_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Where a service's token lives. */
    static Path file(Path dataDir, String service) {
        return dataDir.toAbsolutePath().resolve("identity").resolve(service + ".token");
    }

    private void renew() {
        try {
            writeAll();
        } catch (RuntimeException e) {
            log.warn("Could not renew the services' tokens; they are tried again in {}", RENEW_EVERY, e);
        }
    }

    private void writeAll() {
        try {
            Files.createDirectories(folder);
            for (String service : services) {
                Path file = folder.resolve(service + ".token");
                Path next = folder.resolve(service + ".token.next");
                Files.writeString(next, issuer.producerToken(service), StandardCharsets.US_ASCII);
                restrict(next);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the services' tokens in " + folder, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the folder's permissions
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
