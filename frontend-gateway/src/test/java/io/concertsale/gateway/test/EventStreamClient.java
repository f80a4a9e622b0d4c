package io.concertsale.gateway.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real client of a text/event-stream response that keeps its lines for the test to read, with timeouts. */
public final class EventStreamClient implements AutoCloseable {

    private static final String END = "\u0000end";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> body;

    private EventStreamClient(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            body = answer.body();
            try {
                answer.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed by the test
            } finally {
                lines.add(END);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    public static EventStreamClient open(URI uri, Map<String, String> headers) {
        return new EventStreamClient(uri, headers);
    }

    public HttpResponse<Stream<String>> response(Duration timeout) throws Exception {
        return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads lines until one equals {@code line}; fails when the stream ends or the time runs out first. */
    public void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String next = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null || END.equals(next)) {
                break;
            }
            if (next.equals(line)) {
                return;
            }
            seen.append(next).append('\n');
        }
        throw new AssertionError("No line '" + line + "' in the stream; read:\n" + seen);
    }

    /** True once the server ended the stream (within the timeout). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String next = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (END.equals(next)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> open = body;
        if (open != null) {
            open.close();
        }
    }
}
