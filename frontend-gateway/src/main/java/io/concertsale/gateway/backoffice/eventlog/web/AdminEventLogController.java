package io.concertsale.gateway.backoffice.eventlog.web;

import io.concertsale.events.EventCatalog;
import io.concertsale.gateway.backoffice.eventlog.EventLog;
import io.concertsale.gateway.backoffice.eventlog.EventLogQuery;
import io.concertsale.gateway.backoffice.eventlog.EventLogStream;
import io.concertsale.gateway.web.InvalidRequestException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * The backoffice's view of the broker's event log (admin only): recent events, a live stream relayed from the broker
 * (the browser never talks to the broker itself), and the catalog's event types for the filter.
 */
@RestController
@RequestMapping("/api/admin/events")
class AdminEventLogController {

    /** How soon a browser reconnects after the broker went away, and when there is no event log at all. */
    static final Duration RECONNECT = Duration.ofSeconds(10);
    static final Duration RECONNECT_UNCONFIGURED = Duration.ofMinutes(5);

    private final EventLog eventLog;
    private final Set<EventLogBrowserRelay> relays = ConcurrentHashMap.newKeySet();

    AdminEventLogController(EventLog eventLog) {
        this.eventLog = eventLog;
    }

    @GetMapping
    JsonNode recent(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String type,
            @RequestParam(required = false) String correlationkey) {
        return eventLog.recent(EventLogQuery.of(limit, type, correlationkey));
    }

    /**
     * Relays the broker's stream as Server-Sent Events: every event as the broker sends it ({@code id} = its
     * sequence), {@code event: connected} once the broker took the subscription, {@code event: unavailable} with a
     * {@code detail} when there is no event log or the broker went away (the browser reconnects by itself).
     * {@code after} (or a reconnecting browser's {@code Last-Event-ID}) resumes after that sequence.
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@RequestParam(required = false) String type,
            @RequestParam(required = false) String correlationkey, @RequestParam(required = false) String after,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        EventLogQuery query = EventLogQuery.of(1, type, correlationkey);
        Long resumeAfter = sequence(lastEventId != null && !lastEventId.isBlank() ? lastEventId : after);
        SseEmitter emitter = new SseEmitter(0L);
        EventLogBrowserRelay relay = new EventLogBrowserRelay(emitter,
                eventLog.configured() ? RECONNECT : RECONNECT_UNCONFIGURED);
        relays.add(relay);
        Runnable done = () -> {
            relays.remove(relay);
            relay.stop();
        };
        emitter.onCompletion(done);
        emitter.onTimeout(done);
        emitter.onError(error -> done.run());
        EventLogStream stream = eventLog.follow(query, resumeAfter, relay);
        relay.following(stream);
        return ResponseEntity.ok().header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    /** The event types of the catalog, for the backoffice's filter. */
    @GetMapping("/types")
    List<Map<String, Object>> types() {
        return EventCatalog.all().stream().map(definition -> Map.<String, Object>of(
                "type", definition.type(),
                "producer", definition.producer(),
                "journey", definition.journey(),
                "meaning", definition.meaning())).toList();
    }

    @PreDestroy
    void closeStreams() {
        relays.forEach(EventLogBrowserRelay::close);
        relays.clear();
    }

    private static Long sequence(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long sequence = Long.parseLong(value.strip());
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(Map.of("after", "must be an event sequence number (0 or more)"));
    }
}
