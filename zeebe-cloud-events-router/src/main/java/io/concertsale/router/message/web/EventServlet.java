package io.concertsale.router.message.web;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventServlet;
import io.concertsale.router.message.EventRouter;
import io.concertsale.router.message.Routing;
import io.concertsale.router.web.EngineProblems;
import io.concertsale.router.zeebe.EngineException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /}: any CloudEvent, binary or structured, as a Trigger delivers it, read straight from the request by a
 * plain servlet as every service's {@code /events} is (no Spring MVC dispatch per event: the router takes every event
 * a deployed model waits for). 202 when published as a message, 200 for a duplicate, a reply, or the router's own
 * event without a correlation key, each with a JSON body saying what became of it; 400 problem for an event that can
 * never be routed, 409 for one the engine's state refuses; 503 problem with {@code Retry-After} while the engine is
 * not available, so the broker retries ({@link EngineProblems}, the router's own problem types).
 */
public class EventServlet extends CloudEventServlet {

    private final transient EventRouter router;
    private final transient JsonMapper json;
    private final transient InboundEvents events;

    public EventServlet(EventRouter router) {
        this.router = router;
        // event data is mapped as sent, and the answers written so: none of the web layer's inclusion rules apply
        this.json = JsonMapper.builder().build();
        this.events = new InboundEvents(json);
    }

    @Override
    protected void receive(CloudEvent event, HttpServletResponse response) throws IOException {
        Routing routing;
        try {
            routing = router.route(events.read(event));
        } catch (EngineException e) {
            throw EngineProblems.of(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int status = HttpServletResponse.SC_OK;
        switch (routing) {
            case Routing.Published published -> {
                body.put("messageName", published.messageName());
                body.put("correlationKey", published.correlationKey());
                body.put("messageId", published.messageId());
                body.put("messageKey", published.messageKey());
                status = HttpServletResponse.SC_ACCEPTED;
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
        byte[] answer = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    @Override
    protected URI problemType(String slug) {
        return EngineProblems.type(slug);
    }
}
