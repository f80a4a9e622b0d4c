package io.concertsale.broker.ingress.web;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.broker.ingress.UnknownBrokerException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Knative broker ingress: {@code POST /{namespace}/{broker}} with a CloudEvent in binary or structured mode.
 * 202 when accepted, 400 for a request that is not a valid CloudEvent, 404 for another broker, 429 when overloaded.
 */
@RestController
class BrokerIngressController {

    private final Broker broker;

    BrokerIngressController(Broker broker) {
        this.broker = broker;
    }

    @PostMapping("/{namespace}/{name}")
    ResponseEntity<Void> ingest(@PathVariable String namespace, @PathVariable String name,
            @RequestBody CloudEvent event) {
        if (!broker.serves(namespace, name)) {
            throw new UnknownBrokerException(namespace, name, broker.address());
        }
        broker.accept(event);
        return ResponseEntity.accepted().build();
    }
}
