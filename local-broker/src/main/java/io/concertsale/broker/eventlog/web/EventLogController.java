package io.concertsale.broker.eventlog.web;

import io.concertsale.broker.config.BrokerProperties;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.eventlog.LoggedEvent;
import io.concertsale.events.SaleEvents;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event log for the backoffice and debugging: recent events, and a live stream of them. */
@RestController
@RequestMapping("/api/events")
class EventLogController {

    private final EventLog eventLog;
    private final BrokerProperties properties;

    EventLogController(EventLog eventLog, BrokerProperties properties) {
        this.eventLog = eventLog;
        this.properties = properties;
    }

    /** The newest events first, optionally only of one type or one customer's journey. */
    @GetMapping
    List<EventView> recent(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String type,
            @RequestParam(required = false) String correlationkey) {
        if (limit < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be at least 1");
        }
        return eventLog.recent(Math.min(limit, properties.eventLog().size()), filter(type, correlationkey)).stream()
                .map(EventView::of).toList();
    }

    /**
     * Every event accepted from now on as Server-Sent Events; with {@code Last-Event-ID} (sent by a reconnecting
     * EventSource) the events after that one that the log still holds come first.
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@RequestParam(required = false) String type,
            @RequestParam(required = false) String correlationkey,
            @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        SseEmitter emitter = new SseEmitter(0L);
        eventLog.stream(filter(type, correlationkey), lastEventId == null ? 0 : lastEventId,
                new SseStreamSink(emitter, properties.namespace() + "/" + properties.name()));
        return ResponseEntity.ok().header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no").body(emitter);
    }

    private static Predicate<LoggedEvent> filter(String type, String correlationKey) {
        return logged -> (type == null || type.equals(logged.event().getType()))
                && (correlationKey == null || correlationKey.equals(SaleEvents.correlationKey(logged.event()).orElse(null)));
    }
}
