package io.concertsale.gateway.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for the local broker's operator API: {@code GET /api/events} answers the JSON set
 * with {@link #recent(String)} (or a status set with {@link #failWith(int)}), {@code GET /api/events/stream} writes
 * whatever is {@link #send sent} as a text/event-stream until {@link #endStreams()}; {@code /api/dead-letters...}
 * answers what {@link #answer} set for the method and path (404 otherwise). It records every request.
 */
public final class BrokerStub implements AutoCloseable {

    /** A request the stub received: path with query, the Last-Event-ID header (or null), and the method. */
    public record Request(String pathAndQuery, String lastEventId, String method) {
    }

    /** A scripted answer. */
    private record Answer(int status, String body) {
    }

    private static final String END = "\u0000end";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger failWith = new AtomicInteger();
    private volatile String recent = "[]";
    private final java.util.Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();

    public BrokerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/events", this::handle);
        server.createContext("/api/dead-letters", this::answerScripted);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The answer to {@code GET /api/events}. */
    public void recent(String json) {
        recent = json;
        failWith.set(0);
    }

    /** How to answer {@code method} on {@code pathAndQuery} under {@code /api/dead-letters}. */
    public void answer(String method, String pathAndQuery, int status, String body) {
        answers.put(method + " " + pathAndQuery, new Answer(status, body));
    }

    /** Answers every request with this status from now on (0: answer normally again). */
    public void failWith(int status) {
        failWith.set(status);
    }

    /** Writes raw text/event-stream text to every open stream. */
    public void send(String text) {
        streams.forEach(stream -> stream.add(text));
    }

    /** How many streams are open. */
    public int openStreams() {
        return streams.size();
    }

    /** Closes every open stream from the broker's side. */
    public void endStreams() {
        streams.forEach(stream -> stream.add(END));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(new Request(path + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Last-Event-ID"), exchange.getRequestMethod()));
        int status = failWith.get();
        if (status != 0) {
            byte[] body = "{\"status\":%d}".formatted(status).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        if (path.equals("/api/events/stream")) {
            stream(exchange);
            return;
        }
        byte[] body = recent.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void answerScripted(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String pathAndQuery = path + (query == null ? "" : "?" + query);
        requests.add(new Request(pathAndQuery, null, exchange.getRequestMethod()));
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + pathAndQuery,
                new Answer(404, "{\"detail\":\"nothing scripted\"}"));
        byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.status() >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<String> pending = new LinkedBlockingQueue<>();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.write(":events of broker default/default\n\n".getBytes(StandardCharsets.UTF_8));
        body.flush();
        streams.add(pending);
        try {
            while (true) {
                String next = pending.poll(Duration.ofMillis(200).toMillis(), TimeUnit.MILLISECONDS);
                if (END.equals(next)) {
                    break;
                }
                body.write((next == null ? ":heartbeat\n\n" : next).getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(pending);
            exchange.close();
        }
    }

    @Override
    public void close() {
        endStreams();
        server.stop(0);
    }
}
