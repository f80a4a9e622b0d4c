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
 * @param searchHistory 0 for no search; else the REST API also answers Camunda's searches of process and element
 *        instances ({@code POST /v2/process-instances/search}, {@code /v2/element-instances/search}) from an index
 *        in memory of the running instances and of this many finished ones (the oldest go first)
 * @param clockControl whether the REST API lets a client pin the engine's clock ({@code PUT /v2/clock}, {@code
 *        POST /v2/clock/reset}), as Camunda does with {@code ZEEBE_CLOCK_CONTROLLED=true}: for tests
 * @param grpcHost the interface the gRPC gateway listens on when it is another than {@code host} (e.g. {@code
 *        0.0.0.0}: Camunda Modeler or zbctl on another machine, while REST stays on this one), or null: {@code host}
 */
public record EngineOptions(String host, int port, int restPort, Path dataDirectory, EngineClock clock,
        long snapshotEvery, int searchHistory, boolean clockControl, String grpcHost) {

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
        if (searchHistory < 0) {
            throw new IllegalArgumentException("searchHistory must be 0 or more, not " + searchHistory);
        }
    }

    /** An engine in memory on a free loopback port, with its own clock and no REST API. */
    public static EngineOptions inMemory() {
        return new EngineOptions("127.0.0.1", 0, NO_REST, null, new EngineClock(), SNAPSHOT_EVERY, 0, false, null);
    }

    /** A durable engine keeping its journal in the directory, with no REST API. */
    public static EngineOptions durable(Path dataDirectory) {
        return new EngineOptions("127.0.0.1", 0, NO_REST, Objects.requireNonNull(dataDirectory, "dataDirectory"),
                new EngineClock(), SNAPSHOT_EVERY, 0, false, null);
    }

    /** The interface the gRPC gateway listens on: {@code grpcHost} if given, else {@code host}. */
    public String grpcInterface() {
        return grpcHost != null ? grpcHost : host;
    }

    /** Both gateways on the interface (unless {@link #withGrpcHost} puts gRPC on another). */
    public EngineOptions withHost(String newHost) {
        return new EngineOptions(newHost, port, restPort, dataDirectory, clock, snapshotEvery, searchHistory,
                clockControl, grpcHost);
    }

    /** The gRPC gateway on an interface of its own (null: the same as REST's, {@code host}). */
    public EngineOptions withGrpcHost(String newGrpcHost) {
        return new EngineOptions(host, port, restPort, dataDirectory, clock, snapshotEvery, searchHistory,
                clockControl, newGrpcHost);
    }

    public EngineOptions withPort(int newPort) {
        return new EngineOptions(host, newPort, restPort, dataDirectory, clock, snapshotEvery, searchHistory,
                clockControl, grpcHost);
    }

    /** The REST API on the port (0: a free one; {@link #NO_REST}: none). */
    public EngineOptions withRestPort(int newRestPort) {
        return new EngineOptions(host, port, newRestPort, dataDirectory, clock, snapshotEvery, searchHistory,
                clockControl, grpcHost);
    }

    public EngineOptions withClock(EngineClock newClock) {
        return new EngineOptions(host, port, restPort, dataDirectory, newClock, snapshotEvery, searchHistory,
                clockControl, grpcHost);
    }

    public EngineOptions withSnapshotEvery(long entries) {
        return new EngineOptions(host, port, restPort, dataDirectory, clock, entries, searchHistory, clockControl,
                grpcHost);
    }

    /** Searches over REST, keeping the running instances and this many finished ones. */
    public EngineOptions withSearchHistory(int finishedInstances) {
        return new EngineOptions(host, port, restPort, dataDirectory, clock, snapshotEvery, finishedInstances,
                clockControl, grpcHost);
    }

    /** Lets REST clients pin the clock (tests). */
    public EngineOptions withClockControl(boolean enabled) {
        return new EngineOptions(host, port, restPort, dataDirectory, clock, snapshotEvery, searchHistory, enabled,
                grpcHost);
    }
}
