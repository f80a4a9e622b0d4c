package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's CloudEvent endpoint, where its Knative Triggers deliver. 202 when handled or recognised as a
 * duplicate; 400 with problem+json for an event that can never be handled (see {@link EventProblems}).
 */
@RestController
public class EventIngressController {

    private final EventIngress ingress;

    public EventIngressController(EventIngress ingress) {
        this.ingress = ingress;
    }

    @PostMapping("${sale.events.ingress-path:/events}")
    ResponseEntity<Void> receive(@RequestBody CloudEvent event) {
        EventIngress.Outcome outcome = ingress.accept(event);
        return ResponseEntity.accepted().header("X-Event-Outcome", outcome.name()).build();
    }
}
