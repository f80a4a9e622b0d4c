package io.concertsale.router.message.web;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventHttp;
import io.concertsale.router.message.EventRouter;
import io.concertsale.router.message.Routing;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /}: any CloudEvent, binary or structured, as a Trigger delivers it. 202 when published as a message,
 * 200 for a duplicate, a reply, or the router's own event without a correlation key; 400 problem for an event that
 * can never be routed; 503 problem while the engine is not available, so the broker retries.
 */
@RestController
class EventController {

    private final EventRouter router;
    private final InboundEvents events;

    EventController(EventRouter router) {
        this.router = router;
        // event data is mapped as sent: none of the web layer's inclusion rules apply to it
        this.events = new InboundEvents(JsonMapper.builder().build());
    }

    /**
     * Reads the event from the request itself rather than through {@code @RequestBody}: a binary-mode event without
     * data has an empty body, which is valid, and the headers are taken exactly as sent.
     */
    @PostMapping("/")
    ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        CloudEvent event = CloudEventHttp.read(headers, request.getInputStream().readAllBytes());
        Routing routing = router.route(events.read(event));
        Map<String, Object> body = new LinkedHashMap<>();
        switch (routing) {
            case Routing.Published published -> {
                body.put("messageName", published.messageName());
                body.put("correlationKey", published.correlationKey());
                body.put("messageId", published.messageId());
                body.put("messageKey", published.messageKey());
                return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
            }
            case Routing.Duplicate duplicate -> {
                body.put("messageName", duplicate.messageName());
                body.put("correlationKey", duplicate.correlationKey());
                body.put("messageId", duplicate.messageId());
                body.put("duplicate", true);
            }
            case Routing.Ignored ignored -> {
                body.put("messageId", ignored.messageId());
                body.put("ignored", true);
                body.put("reason", ignored.reason());
            }
            case Routing.Replied replied -> {
                body.put("jobKey", replied.jobKey());
                body.put("replyType", replied.type());
                if (replied.errorCode() != null) {
                    body.put("errorCode", replied.errorCode());
                }
                body.put("duplicate", replied.duplicate());
            }
        }
        return ResponseEntity.ok(body);
    }
}
