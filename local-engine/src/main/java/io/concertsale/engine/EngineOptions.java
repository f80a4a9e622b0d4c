package io.concertsale.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the engine.
 *
 * @param host the interface the gRPC gateway listens on ({@code 127.0.0.1} keeps it on this machine)
 * @param port the gRPC port, 0 for a free one
 * @param dataDirectory where the engine keeps its journal; null keeps everything in memory (tests only: nothing
 *        survives a restart)
 * @param clock the engine's clock
 * @param snapshotEvery after how many journal entries the engine writes a snapshot of its live state and starts a
 *        new journal (what keeps the data folder bounded: finished instances are not in a snapshot)
 */
public record EngineOptions(String host, int port, Path dataDirectory, EngineClock clock, long snapshotEvery) {

    /** The default snapshot period: some 30 MB of journal. */
    public static final long SNAPSHOT_EVERY = 100_000;

    public EngineOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1, not " + snapshotEvery);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
    }

    /** An engine in memory on a free loopback port, with its own clock. */
    public static EngineOptions inMemory() {
        return new EngineOptions("127.0.0.1", 0, null, new EngineClock(), SNAPSHOT_EVERY);
    }

    /** A durable engine keeping its journal in the directory. */
    public static EngineOptions durable(Path dataDirectory) {
        return new EngineOptions("127.0.0.1", 0, Objects.requireNonNull(dataDirectory, "dataDirectory"),
                new EngineClock(), SNAPSHOT_EVERY);
    }

    public EngineOptions withHost(String newHost) {
        return new EngineOptions(newHost, port, dataDirectory, clock, snapshotEvery);
    }

    public EngineOptions withPort(int newPort) {
        return new EngineOptions(host, newPort, dataDirectory, clock, snapshotEvery);
    }

    public EngineOptions withClock(EngineClock newClock) {
        return new EngineOptions(host, port, dataDirectory, newClock, snapshotEvery);
    }

    public EngineOptions withSnapshotEvery(long entries) {
        return new EngineOptions(host, port, dataDirectory, clock, entries);
    }
}
