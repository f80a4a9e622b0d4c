package io.concertsale.eventkit.test;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server on a free local port that stands in for the broker: it records every CloudEvent posted to
 * it and answers 202, or a status a test chooses (to exercise retries).
 */
public final class RecordingSink implements AutoCloseable {

    private final HttpServer server;
    private final List<CloudEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    public RecordingSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            String required = requiredAuthorization;
            int status;
            if (required != null && !required.equals(authorization)) {
                status = 401;
            } else if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = failureStatus;
            } else {
                events.add(CloudEventHttp.read(Map.copyOf(exchange.getRequestHeaders()), body));
                status = 202;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/default/default");
    }

    /** Answers the next {@code count} requests with {@code status} instead of taking the event. */
    public void fail(int count, int status) {
        failureStatus = status;
        failuresToAnswer.set(count);
    }

    /** Answers 401 to every request whose {@code Authorization} is not this one ({@code null}: takes any). */
    public void require(String authorization) {
        requiredAuthorization = authorization;
    }

    /** The {@code Authorization} of every request, in order ({@code "null"} when there was none). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public List<CloudEvent> events() {
        return List.copyOf(events);
    }

    public List<CloudEvent> events(String type) {
        return events.stream().filter(event -> event.getType().equals(type)).toList();
    }

    /** Waits until an event matching the predicate arrived, and returns it. */
    public CloudEvent await(Predicate<CloudEvent> predicate, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (CloudEvent event : events) {
                if (predicate.test(event)) {
                    return event;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No matching event arrived within " + timeout + "; received " + events.stream()
                .map(CloudEvent::getType).toList());
    }

    /** Waits for an event of the type. */
    public CloudEvent await(String type, Duration timeout) {
        return await(event -> event.getType().equals(type), timeout);
    }

    public void clear() {
        events.clear();
        authorizations.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
