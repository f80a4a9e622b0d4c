package io.concertsale.router.message.web;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventServlet;
import io.concertsale.eventkit.identity.SenderVerifier;
import io.concertsale.router.message.EventRouter;
import io.concertsale.router.message.Routing;
import io.concertsale.router.web.EngineProblems;
import io.concertsale.router.zeebe.EngineException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.concertsale.events.InvalidEventException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /}: any CloudEvent, binary or structured, as a Trigger delivers it, read straight from the request by a
 * plain servlet as every service's {@code /events} is (no Spring MVC dispatch per event: the router takes every event
 * a deployed model waits for). 202 when published as a message, 200 for a duplicate, a reply, or the router's own
 * event without a correlation key, each with a JSON body saying what became of it; 400 problem for an event that can
 * never be routed, 409 for one the engine's state refuses; 503 problem with {@code Retry-After} while the engine is
 * not available, so the broker retries ({@link EngineProblems}, the router's own problem types). With a {@link
 * SenderVerifier}, a delivery without a valid OIDC token issued for the router gets 401, one from a sender it does
 * not accept 403, before its body is read.
 *
 * <p>An event whose {@code time} is more than {@code sale.events.max-clock-skew} (60 s by default) ahead of the
 * router's clock gets 400 {@code event-from-the-future} and is not published: a far-future-dated fact would otherwise
 * be taken as the newest by whatever compares times downstream. An event without {@code time} is taken at its
 * arrival.
 */
public class EventServlet extends CloudEventServlet {

    private final transient EventRouter router;
    private final transient JsonMapper json;
    private final transient InboundEvents events;
    private final transient SenderVerifier senders;
    private final Duration maxClockSkew;
    private final transient Clock clock;

    /**
     * @param senders checks who delivers, or {@code null} where the event plane has no sender identity
     * @param maxClockSkew how far ahead of {@code clock} an event's {@code time} may be
     *        ({@code sale.events.max-clock-skew}, 60 s by default)
     */
    public EventServlet(EventRouter router, SenderVerifier senders, Duration maxClockSkew, Clock clock) {
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
        this.router = router;
        this.senders = senders;
        // event data is mapped as sent, and the answers written so: none of the web layer's inclusion rules apply
        this.json = JsonMapper.builder().build();
        this.events = new InboundEvents(json);
    }

    @Override
    protected String authenticate(HttpServletRequest request) {
        return senders == null ? null : senders.verify(request.getHeader("Authorization"));
    }

    @Override
    protected void receive(CloudEvent event, HttpServletResponse response) throws IOException {
        notFromTheFuture(event);
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

    private void notFromTheFuture(CloudEvent event) {
        OffsetDateTime time = event.getTime();
        if (time != null && time.toInstant().isAfter(clock.instant().plus(maxClockSkew))) {
            router.refused();
            throw new InvalidEventException("event-from-the-future", event.getType() + " is dated " + time
                    + ", more than " + maxClockSkew.toSeconds() + " s ahead of the router's clock; an event may not"
                    + " be dated in the future");
        }
    }

    @Override
    protected URI problemType(String slug) {
        return EngineProblems.type(slug);
    }
}
