package io.concertsale.gateway.backoffice.eventlog.client;

import io.concertsale.gateway.backoffice.client.OperatorApiRelay;
import io.concertsale.gateway.backoffice.eventlog.EventLog;
import io.concertsale.gateway.backoffice.eventlog.EventLogListener;
import io.concertsale.gateway.backoffice.eventlog.EventLogQuery;
import io.concertsale.gateway.backoffice.eventlog.EventLogStream;
import io.concertsale.gateway.backoffice.eventlog.EventLogUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local broker's event log over HTTP: {@code GET {base}/api/events?limit=&type=&correlationkey=} (newest first)
 * and {@code GET {base}/api/events/stream} (Server-Sent Events; {@code Last-Event-ID} resumes after a sequence). Each
 * followed stream reads the broker's on a virtual thread of its own and hands every message to its listener.
 */
public class BrokerEventLog implements EventLog {

    static final String NOT_CONFIGURED = "This deployment has no event log: the backoffice shows one when "
            + "gateway.broker.base-url names a local broker (a Knative broker keeps no log).";

    private static final Logger log = LoggerFactory.getLogger(BrokerEventLog.class);
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private final OperatorApiRelay relay;
    private final JsonMapper json;

    /**
     * @param authorization the operator credential the target's API needs ({@code Authorization}), or {@code null}
     */
    public BrokerEventLog(Optional<URI> baseUrl, Duration timeout, String authorization, JsonMapper json) {
        this.relay = OperatorApiRelay.of(baseUrl, timeout, authorization);
        this.json = json;
    }

    @Override
    public boolean configured() {
        return relay.configured();
    }

    @Override
    public JsonNode recent(EventLogQuery query) {
        URI base = relay.baseUrl().orElseThrow(() -> new EventLogUnavailableException(NOT_CONFIGURED, null));
        URI uri = URI.create(base + "/api/events" + parameters(query, true));
        HttpRequest request = relay.request(uri)
                .header("Accept", "application/json").GET()
                .build();
        try {
            HttpResponse<String> response = relay.http().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new EventLogUnavailableException(
                        "The broker's event log at " + base + " answered " + response.statusCode(), null);
            }
            JsonNode events = json.readTree(response.body());
            if (!events.isArray()) {
                throw new EventLogUnavailableException(
                        "The broker at " + base + " did not answer with an event log", null);
            }
            return events;
        } catch (JacksonException e) {
            throw new EventLogUnavailableException("The broker at " + base + " did not answer with an event log", e);
        } catch (IOException e) {
            throw new EventLogUnavailableException(unreachable(base), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("Interrupted while reading the event log", e);
        }
    }

    @Override
    public EventLogStream follow(EventLogQuery query, Long afterSequence, EventLogListener listener) {
        Follower follower = new Follower(query, afterSequence, listener);
        Thread.ofVirtual().name("event-log-stream-" + STREAMS.incrementAndGet()).start(follower);
        return follower;
    }

    private static String unreachable(URI base) {
        return "The broker's event log at " + base + " cannot be reached";
    }

    private static String parameters(EventLogQuery query, boolean withLimit) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        if (withLimit) {
            parameters.add("limit=" + query.limit());
        }
        if (query.type() != null) {
            parameters.add("type=" + URLEncoder.encode(query.type(), StandardCharsets.UTF_8));
        }
        if (query.correlationKey() != null) {
            parameters.add("correlationkey=" + URLEncoder.encode(query.correlationKey(), StandardCharsets.UTF_8));
        }
        return parameters.toString();
    }

    /** Reads one broker stream and parses its Server-Sent Events (text/event-stream) for the listener. */
    private final class Follower implements Runnable, EventLogStream {

        private final EventLogQuery query;
        private final Long afterSequence;
        private final EventLogListener listener;
        private final AtomicReference<InputStream> body = new AtomicReference<>();
        private volatile boolean closed;
        private volatile Thread reader;

        Follower(EventLogQuery query, Long afterSequence, EventLogListener listener) {
            this.query = query;
            this.afterSequence = afterSequence;
            this.listener = listener;
        }

        @Override
        public void run() {
            reader = Thread.currentThread();
            if (relay.baseUrl().isEmpty()) {
                listener.ended(NOT_CONFIGURED);
                return;
            }
            URI base = relay.baseUrl().get();
            HttpRequest.Builder request = relay.request(URI.create(base + "/api/events/stream"
                    + parameters(query, false))).header("Accept", "text/event-stream").GET();
            if (afterSequence != null) {
                request.header("Last-Event-ID", afterSequence.toString());
            }
            try {
                HttpResponse<InputStream> response = relay.http().send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                body.set(response.body());
                if (closed) {
                    response.body().close();
                    return;
                }
                if (response.statusCode() != 200) {
                    response.body().close();
                    listener.ended("The broker's event stream at " + base + " answered " + response.statusCode());
                    return;
                }
                listener.opened();
                read(response.body());
                if (!closed) {
                    listener.ended("The broker at " + base + " closed the event stream");
                }
            } catch (ListenerGone e) {
                log.debug("Event log receiver gone: {}", e.getCause().toString());
            } catch (IOException e) {
                if (!closed) {
                    listener.ended(unreachable(base));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeBody();
            }
        }

        private void read(InputStream stream) throws IOException {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        deliver(id, name, data.toString());
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    heartbeat();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry and unknown fields: the relay sets its own reconnection time
                        }
                    }
                }
            }
        }

        private void deliver(String id, String name, String data) {
            try {
                listener.event(id, name, data);
            } catch (IOException e) {
                throw new ListenerGone(e);
            }
        }

        private void heartbeat() {
            try {
                listener.heartbeat();
            } catch (IOException e) {
                throw new ListenerGone(e);
            }
        }

        @Override
        public void close() {
            closed = true;
            boolean connecting = body.get() == null;
            closeBody();
            Thread running = reader;
            if (connecting && running != null) {
                running.interrupt();
            }
        }

        private void closeBody() {
            InputStream stream = body.getAndSet(null);
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    log.trace("Closing the broker's event stream failed", e);
                }
            }
        }
    }

    /** The listener's receiver went away: stop reading. */
    private static final class ListenerGone extends RuntimeException {

        ListenerGone(IOException cause) {
            super(cause);
        }
    }
}
