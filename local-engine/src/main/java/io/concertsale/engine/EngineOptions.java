package io.concertsale.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the engine.
 *
 * @param host the interface the gRPC and REST gateways listen on ({@code 127.0.0.1} keeps them on this machine)
 * @param port the gRPC port, 0 for a free one
 * @param restPort the port of the REST API ({@code /v2/topology}, {@code /v2/deployments}, {@code
 *        /v2/process-instances}), 0 for a free one, {@link #NO_REST} for none
 * @param dataDirectory where the engine keeps its journal; null keeps everything in memory (tests only: nothing
 *        survives a restart)
 * @param clock the engine's clock
 * @param snapshotEvery after how many journal entries the engine writes a snapshot of its live state and starts a
 *        new journal (what keeps the data folder bounded: finished instances are not in a snapshot)
 */
public record EngineOptions(String host, int port, int restPort, Path dataDirectory, EngineClock clock,
        long snapshotEvery) {

    /** The REST port that means: no REST API. */
    public static final int NO_REST = -1;

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
        if (restPort != NO_REST && (restPort < 0 || restPort > 65535)) {
            throw new IllegalArgumentException("Not a REST port: " + restPort);
        }
    }

    /** An engine in memory on a free loopback port, with its own clock and no REST API. */
    public static EngineOptions inMemory() {
        return new EngineOptions("127.0.0.1", 0, NO_REST, null, new EngineClock(), SNAPSHOT_EVERY);
    }

    /** A durable engine keeping its journal in the directory, with no REST API. */
    public static EngineOptions durable(Path dataDirectory) {
        return new EngineOptions("127.0.0.1", 0, NO_REST, Objects.requireNonNull(dataDirectory, "dataDirectory"),
                new EngineClock(), SNAPSHOT_EVERY);
    }

    public EngineOptions withHost(String newHost) {
        return new EngineOptions(newHost, port, restPort, dataDirectory, clock, snapshotEvery);
    }

    public EngineOptions withPort(int newPort) {
        return new EngineOptions(host, newPort, restPort, dataDirectory, clock, snapshotEvery);
    }

    /** The REST API on the port (0: a free one; {@link #NO_REST}: none). */
    public EngineOptions withRestPort(int newRestPort) {
        return new EngineOptions(host, port, newRestPort, dataDirectory, clock, snapshotEvery);
    }

    public EngineOptions withClock(EngineClock newClock) {
        return new EngineOptions(host, port, restPort, dataDirectory, newClock, snapshotEvery);
    }

    public EngineOptions withSnapshotEvery(long entries) {
        return new EngineOptions(host, port, restPort, dataDirectory, clock, entries);
    }
}
