package io.concertsale.eventkit.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This service's own token, read from a file that someone else keeps fresh: Knative's SinkBinding (or a projected
 * service-account token) at {@code /oidc/token}, renewed by the kubelet; locally the launcher. Read again at most
 * every few seconds, and at once after the broker refused the one in hand ({@link #refresh()}).
 */
public final class TokenFile implements Supplier<String> {

    private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
    private static final Duration REREAD = Duration.ofSeconds(5);

    private final Path path;
    private final Clock clock;
    private volatile Read last;
    private volatile boolean warned;

    public TokenFile(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    /** The token, or {@code null} while the file is missing or empty. */
    @Override
    public String get() {
        Read read = last;
        Instant now = clock.instant();
        if (read == null || now.isAfter(read.at().plus(REREAD))) {
            read = new Read(load(), now);
            last = read;
        }
        return read.token();
    }

    /** Forgets the token in hand: the next {@link #get()} reads the file. */
    public void refresh() {
        last = null;
    }

    public Path path() {
        return path;
    }

    private String load() {
        try {
            String token = Files.readString(path, StandardCharsets.US_ASCII).trim();
            warned = false;
            return token.isEmpty() ? null : token;
        } catch (NoSuchFileException e) {
            warnOnce("No token at " + path + ": events are sent without one, and the broker refuses them");
            return null;
        } catch (IOException e) {
            warnOnce("Cannot read the token at " + path + ": " + e);
            return null;
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            log.warn(message);
        }
    }

    private record Read(String token, Instant at) {
    }
}
