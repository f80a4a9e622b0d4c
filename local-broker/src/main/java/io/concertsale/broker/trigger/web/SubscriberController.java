package io.concertsale.broker.trigger.web;

import io.concertsale.broker.trigger.Subscribers;
import java.net.URI;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The address of every {@code ref} name, as configured or registered at runtime (a path is on this broker). */
@RestController
class SubscriberController {

    private final Subscribers subscribers;

    SubscriberController(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @GetMapping("/api/subscribers")
    Map<String, URI> addresses() {
        return subscribers.addresses();
    }
}
