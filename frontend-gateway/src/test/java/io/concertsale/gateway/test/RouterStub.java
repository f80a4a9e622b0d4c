package io.concertsale.gateway.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for the Zeebe CloudEvents router's model API: every {@code METHOD path} answers the
 * status and JSON body set with {@link #answer}, anything else 404. It records every request as {@code METHOD path}.
 */
public final class RouterStub implements AutoCloseable {

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public RouterStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** What {@code method path} answers from now on (problem bodies get application/problem+json). */
    public void answer(String method, String path, int status, String body) {
        answers.put(method + " " + path, new Answer(status,
                status >= 400 ? "application/problem+json" : "application/json", body));
    }

    public void reset() {
        answers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(request);
        Answer answer = answers.getOrDefault(request, new Answer(404, "application/problem+json",
                "{\"status\":404,\"detail\":\"no such path\"}"));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
