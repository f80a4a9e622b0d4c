package io.concertsale.broker.deadletter.web;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.config.BrokerProperties;
import io.concertsale.broker.deadletter.DeadLetterReplay;
import io.concertsale.broker.deadletter.DeadLetters;
import io.concertsale.broker.deadletter.UnknownDeadLetterException;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.web.CloudEventJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The local dead letter sink and its operator API. Triggers' {@code deadLetterSink} points at
 * {@code POST /dead-letters} through the {@code dead-letter-sink} subscriber address; a letter is on disk before the
 * answer 202. {@code /api/dead-letters} lists the letters (newest first), replays them through the Trigger that
 * failed, or discards them.
 */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final DeadLetterReplay replay;
    private final BrokerProperties properties;

    DeadLetterController(DeadLetters deadLetters, DeadLetterReplay replay, BrokerProperties properties) {
        this.deadLetters = deadLetters;
        this.replay = replay;
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

    @GetMapping("/api/dead-letters/{id}")
    DeadLetterView one(@PathVariable long id) {
        return DeadLetterView.of(deadLetters.find(id).orElseThrow(() -> new UnknownDeadLetterException(id)));
    }

    /** Sends the letter's event again to the Trigger that failed; 202 with where it went. */
    @PostMapping("/api/dead-letters/{id}/replay")
    ResponseEntity<DeadLetterReplay.Replayed> replay(@PathVariable long id) {
        return ResponseEntity.accepted().body(replay.replay(id));
    }

    /** Replays every letter that can be; 202 with what was replayed and why the others were not. */
    @PostMapping("/api/dead-letters/replay")
    ResponseEntity<DeadLetterReplay.ReplayAll> replayAll() {
        return ResponseEntity.accepted().body(replay.replayAll());
    }

    /** Discards a letter for good. */
    @DeleteMapping("/api/dead-letters/{id}")
    ResponseEntity<Void> discard(@PathVariable long id) {
        if (!deadLetters.remove(id)) {
            throw new UnknownDeadLetterException(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** A dead letter with every attribute, including Knative's {@code knativeerror*} extensions. */
    record DeadLetterView(long id, Instant receivedAt, Map<String, Object> attributes, Object data,
            String dataBase64) {

        static DeadLetterView of(DeadLetters.DeadLetter letter) {
            CloudEventJson.Data data = CloudEventJson.data(letter.event());
            return new DeadLetterView(letter.id(), letter.receivedAt(), EventAttributes.of(letter.event()), data.data(),
                    data.dataBase64());
        }
    }
}
