package io.concertsale.gateway.backoffice.eventlog.web;

import io.concertsale.gateway.backoffice.eventlog.EventLogListener;
import io.concertsale.gateway.backoffice.eventlog.EventLogStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Writes one followed event log to one browser's Server-Sent Events response. */
final class EventLogBrowserRelay implements EventLogListener {

    private static final Logger log = LoggerFactory.getLogger(EventLogBrowserRelay.class);

    private final SseEmitter emitter;
    private final Duration reconnect;
    private volatile EventLogStream stream;
    private volatile boolean stopped;

    EventLogBrowserRelay(SseEmitter emitter, Duration reconnect) {
        this.emitter = emitter;
        this.reconnect = reconnect;
    }

    void following(EventLogStream followed) {
        stream = followed;
        if (stopped) {
            followed.close();
        }
    }

    @Override
    public void opened() throws IOException {
        send(SseEmitter.event().name("connected").reconnectTime(reconnect.toMillis())
                .data(Map.of("detail", "Following the broker's event log"), MediaType.APPLICATION_JSON));
    }

    @Override
    public void event(String id, String name, String data) throws IOException {
        SseEmitter.SseEventBuilder event = SseEmitter.event();
        if (id != null) {
            event.id(id);
        }
        if (name != null && !name.isBlank()) {
            event.name(name);
        }
        send(event.data(data.replace('\n', ' ')));
    }

    @Override
    public void heartbeat() throws IOException {
        send(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void ended(String reason) {
        try {
            send(SseEmitter.event().name("unavailable").reconnectTime(reconnect.toMillis())
                    .data(Map.of("detail", reason), MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            log.debug("Event log stream already closed: {}", e.toString());
        }
    }

    /** The browser went away or the response ended: stop following. */
    void stop() {
        stopped = true;
        EventLogStream followed = stream;
        if (followed != null) {
            followed.close();
        }
    }

    /** The gateway shuts down. */
    void close() {
        stop();
        try {
            emitter.complete();
        } catch (IllegalStateException e) {
            log.trace("Event log stream already closed", e);
        }
    }

    private void send(SseEmitter.SseEventBuilder event) throws IOException {
        if (stopped) {
            throw new IOException("The browser's event log stream is closed");
        }
        try {
            emitter.send(event);
        } catch (IllegalStateException e) {
            throw new IOException("The browser's event log stream is closed", e);
        }
    }
}
