package io.concertsale.broker.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a local port standing in for a Trigger subscriber: it records every request and answers
 * 202, or what a test scripted for an event id (statuses to exercise retries, reply events).
 */
public final class TestSubscriber implements AutoCloseable {

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

    private TestSubscriber(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A subscriber on a free port. */
    public static TestSubscriber start() {
        return new TestSubscriber(0);
    }

    /** A subscriber on the given port, e.g. one that was down and comes back. */
    public static TestSubscriber start(int port) {
        return new TestSubscriber(port);
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next deliveries of the event with these answers, in order; 202 after them. */
    public void script(String eventId, Answer... answers) {
        scripts.put(eventId, new ArrayDeque<>(List.of(answers)));
    }

    /** Every request for the event, in arrival order. */
    public List<Request> requests(String eventId) {
        return requests.stream().filter(request -> eventId.equals(request.eventId())).toList();
    }

    /** Waits until the event arrived {@code count} times, and returns those requests. */
    public List<Request> await(String eventId, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Request> received = requests(eventId);
            if (received.size() >= count) {
                return received;
            }
            Waiting.pause();
        }
        throw new AssertionError("Event " + eventId + " arrived " + requests(eventId).size() + " times at " + uri()
                + " within " + timeout + ", expected " + count);
    }

    /** The first request of an event whose type is {@code type} and which passes the check. */
    public Request awaitType(String type, String correlationKey, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Request request : requests) {
                if (request.event() != null && type.equals(request.event().getType())
                        && correlationKey.equals(String.valueOf(request.event().getExtension("correlationkey")))) {
                    return request;
                }
            }
            Waiting.pause();
        }
        throw new AssertionError("No " + type + " for " + correlationKey + " arrived at " + uri() + " within " + timeout);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            CloudEvent event = CloudEventHttp.read(headers, body);
            requests.add(new Request(System.nanoTime(), exchange.getRequestURI().getPath(), headers, event));
            Deque<Answer> script = scripts.get(event.getId());
            Answer answer = script == null ? null : script.pollFirst();
            if (answer == null) {
                answer = Answer.status(202);
            }
            byte[] responseBody = new byte[0];
            if (answer.reply() != null && answer.structured()) {
                exchange.getResponseHeaders().add("Content-Type", JsonFormat.CONTENT_TYPE);
                responseBody = new JsonFormat().serialize(answer.reply());
            } else if (answer.reply() != null) {
                CloudEventHttp.BinaryMessage message = CloudEventHttp.write(answer.reply());
                message.forEachHeader((name, value) -> exchange.getResponseHeaders().add(name, value));
                responseBody = message.body();
            } else if (answer.body() != null) {
                responseBody = answer.body().getBytes();
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), responseBody.length == 0 ? -1 : responseBody.length);
            if (responseBody.length > 0) {
                exchange.getResponseBody().write(responseBody);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * One received request.
     *
     * @param nanos {@link System#nanoTime()} on arrival
     */
    public record Request(long nanos, String path, Map<String, List<String>> headers, CloudEvent event) {

        public String eventId() {
            return event == null ? null : event.getId();
        }

        public String header(String name) {
            return CloudEventHttp.first(headers, name);
        }
    }

    /**
     * How to answer one delivery.
     *
     * @param reply an event to reply with, or null
     * @param structured whether the reply is written in structured mode
     * @param body a plain response body, or null
     */
    public record Answer(int status, CloudEvent reply, boolean structured, String body, Map<String, String> headers) {

        public static Answer status(int status) {
            return new Answer(status, null, false, null, Map.of());
        }

        public static Answer status(int status, String body) {
            return new Answer(status, null, false, body, Map.of());
        }

        public static Answer reply(int status, CloudEvent reply) {
            return new Answer(status, reply, false, null, Map.of());
        }

        public static Answer structuredReply(int status, CloudEvent reply) {
            return new Answer(status, reply, true, null, Map.of());
        }

        /** A response that claims to be a binary-mode CloudEvent but lacks its required attributes. */
        public static Answer brokenReply() {
            return new Answer(200, null, false, "{}", Map.of("ce-specversion", "1.0", "Content-Type", "application/json"));
        }
    }
}
