package io.concertsale.gateway.shop.session.web;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.gateway.shop.session.PaymentOrder;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.shop.session.SessionView;
import io.concertsale.gateway.web.InvalidRequestException;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The browser's API for one sale session. Commands answer 202 with the session as it is right after the request;
 * what the other services make of it follows on the WebSocket.
 */
@RestController
@RequestMapping("/api/sessions")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create() {
        SessionView session = sessions.create();
        return ResponseEntity.created(URI.create("/api/sessions/" + session.sessionId()))
                .body(Map.of("sessionId", session.sessionId()));
    }

    @GetMapping("/{id}")
    SessionView get(@PathVariable String id) {
        return sessions.view(id);
    }

    @PostMapping("/{id}/queue")
    ResponseEntity<SessionView> join(@PathVariable String id) {
        sessions.join(id);
        return accepted(id);
    }

    @DeleteMapping("/{id}/queue")
    ResponseEntity<SessionView> leave(@PathVariable String id) {
        sessions.leave(id);
        return accepted(id);
    }

    @PostMapping("/{id}/reservation")
    ResponseEntity<SessionView> reserve(@PathVariable String id,
            @Valid @RequestBody SessionRequests.Reservation request) {
        sessions.requestTickets(id, request.ticketType(), request.quantity());
        return accepted(id);
    }

    @PostMapping("/{id}/payment")
    ResponseEntity<SessionView> pay(@PathVariable String id, @Valid @RequestBody SessionRequests.Payment request) {
        boolean card = request.method() == PaymentMethod.CARD;
        if (card && request.card() == null) {
            throw new InvalidRequestException(Map.of("card", "is required to pay by card"));
        }
        sessions.pay(id, new PaymentOrder(request.method(), card ? request.card().toCard() : null));
        return accepted(id);
    }

    private ResponseEntity<SessionView> accepted(String id) {
        return ResponseEntity.accepted().body(sessions.view(id));
    }
}
