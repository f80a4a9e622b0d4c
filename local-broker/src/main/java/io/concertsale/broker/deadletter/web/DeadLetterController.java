package io.concertsale.broker.deadletter.web;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.config.BrokerProperties;
import io.concertsale.broker.deadletter.DeadLetters;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.web.CloudEventJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The local dead letter sink: Triggers' {@code deadLetterSink} points here through the {@code dead-letter-sink}
 * subscriber address; {@code GET /api/dead-letters} lists what arrived, newest first.
 */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final BrokerProperties properties;

    DeadLetterController(DeadLetters deadLetters, BrokerProperties properties) {
        this.deadLetters = deadLetters;
        this.properties = properties;
    }

    @PostMapping("/dead-letters")
    ResponseEntity<Void> take(@RequestBody CloudEvent event) {
        deadLetters.add(event);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/api/dead-letters")
    List<DeadLetterView> recent(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be at least 1");
        }
        return deadLetters.recent(Math.min(limit, properties.deadLetters().size())).stream()
                .map(DeadLetterView::of).toList();
    }

    /** A dead letter with every attribute, including Knative's {@code knativeerror*} extensions. */
    record DeadLetterView(Instant receivedAt, Map<String, Object> attributes, Object data, String dataBase64) {

        static DeadLetterView of(DeadLetters.DeadLetter letter) {
            CloudEventJson.Data data = CloudEventJson.data(letter.event());
            return new DeadLetterView(letter.receivedAt(), EventAttributes.of(letter.event()), data.data(),
                    data.dataBase64());
        }
    }
}
