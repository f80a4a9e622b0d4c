package io.concertsale.router.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A real HTTP server standing in for the broker: records every CloudEvent posted, and those it accepts (202). A
 * test can make it answer an error status to the next requests, or hold requests open until released.
 */
public final class TestSink implements AutoCloseable {

    private final HttpServer server;
    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    private final List<CloudEvent> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public TestSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        // failures are answered at once, even while requests are held: a test can hold the retry of a failure
        boolean failing = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        CountDownLatch held = gate.get();
        if (held != null && !failing) {
            waiting.incrementAndGet();
            try {
                held.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
        CloudEvent event = CloudEventHttp.read(Map.copyOf(exchange.getRequestHeaders()), body);
        received.add(event);
        int status;
        if (failing) {
            status = failureStatus;
        } else {
            accepted.add(event);
            status = 202;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/default/default");
    }

    /** Answers the next {@code count} requests with the status, taking nothing. */
    public void fail(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Holds every request from now on until {@link #release()} (but those it answers with a failure). */
    public void hold() {
        gate.set(new CountDownLatch(1));
    }

    public void release() {
        CountDownLatch held = gate.getAndSet(null);
        if (held != null) {
            held.countDown();
        }
    }

    /** How many requests wait at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** Every event posted, accepted or not. */
    public List<CloudEvent> received() {
        return List.copyOf(received);
    }

    /** Back to accepting everything at once. */
    public void reset() {
        release();
        failuresLeft.set(0);
    }

    public List<CloudEvent> accepted() {
        return List.copyOf(accepted);
    }

    /** Waits for an accepted event that matches. */
    public CloudEvent await(Predicate<CloudEvent> predicate, String what) {
        return Waiting.until(() -> accepted.stream().filter(predicate).findFirst().orElse(null), what);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
