package io.concertsale.engine;

import io.concertsale.engine.grpc.GatewayService;
import io.concertsale.engine.record.RecordListener;
import io.concertsale.engine.rest.RestGateway;
import io.concertsale.engine.rest.SearchIndex;
import io.concertsale.engine.runtime.EngineLoop;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local engine: Zeebe's gateway protocol on a gRPC port, one engine thread that runs every command in order,
 * and a journal that holds every command the engine acknowledged (when it has a data directory). Now and then the
 * engine writes a snapshot of its live state and starts a new journal. A restart on the same directory restores the
 * snapshot and replays the journal: every instance goes on where it was, its timers included.
 */
public final class LocalEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalEngine.class);

    private final EngineOptions options;
    private final EngineLoop loop;
    private final Server server;
    private final RestGateway rest;

    private LocalEngine(EngineOptions options, EngineLoop loop, Server server, RestGateway rest) {
        this.options = options;
        this.loop = loop;
        this.server = server;
        this.rest = rest;
    }

    /**
     * Starts an engine: replays its journal (if it has one), then opens the gRPC port and, if asked for, the REST
     * port. The listeners receive every record from the first one replayed on.
     */
    public static LocalEngine start(EngineOptions options, RecordListener... listeners) {
        SearchIndex search = options.searchHistory() > 0 ? new SearchIndex(options.searchHistory()) : null;
        List<RecordListener> all = new java.util.ArrayList<>(List.of(listeners));
        if (search != null) {
            all.add(search);
        }
        EngineLoop loop = new EngineLoop(options.clock(), options.dataDirectory(), options.snapshotEvery(), all);
        loop.start();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(options.grpcInterface(), options.port()))
                .addService(new GatewayService(loop))
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .maxInboundMessageSize(4 * 1024 * 1024)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            loop.close();
            throw new UncheckedIOException("The engine's gRPC port " + options.grpcInterface() + ":" + options.port()
                    + " could not be opened", e);
        }
        RestGateway rest = null;
        if (options.restPort() != EngineOptions.NO_REST) {
            try {
                rest = RestGateway.start(loop, options.host(), options.restPort(), search,
                        options.clockControl() ? options.clock() : null);
            } catch (RuntimeException e) {
                server.shutdownNow();
                loop.close();
                throw e;
            }
        }
        log.info("Local engine: gRPC on {}:{}{}, {}", options.grpcInterface(), server.getPort(),
                rest == null ? "" : ", REST on " + options.host() + ":" + rest.port(),
                options.dataDirectory() == null ? "in memory only" : "journal in " + options.dataDirectory());
        return new LocalEngine(options, loop, server, rest);
    }

    /** The gRPC port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** The address for a client, e.g. {@code http://127.0.0.1:26500}. */
    public URI grpcAddress() {
        return address(options.grpcInterface(), port());
    }

    /** The REST API's address for a client (e.g. {@code http://127.0.0.1:8088}), if the engine serves it. */
    public java.util.Optional<URI> restAddress() {
        return java.util.Optional.ofNullable(rest).map(gateway -> address(options.host(), gateway.port()));
    }

    private static URI address(String listeningOn, int listening) {
        String host = listeningOn.equals("0.0.0.0") ? "127.0.0.1" : listeningOn;
        return URI.create("http://" + host + ":" + listening);
    }

    public EngineClock clock() {
        return options.clock();
    }

    /** Adds a listener that receives the records from now on. */
    public void addListener(RecordListener listener) {
        loop.addListener(listener);
    }

    /**
     * Waits until the engine has nothing to do: no command waiting, and nothing due on its clock (timers, job
     * deadlines). Returns false if that did not happen within the timeout.
     */
    public boolean awaitIdle(Duration timeout) {
        return loop.awaitIdle(timeout);
    }

    /** How many process instances are running now. */
    public int activeInstances() {
        return loop.activeInstances();
    }

    @Override
    public void close() {
        if (rest != null) {
            rest.close();
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        loop.close();
    }
}
