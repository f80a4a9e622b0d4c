package io.concertsale.gateway.backoffice.deadletter.web;

import io.concertsale.gateway.backoffice.deadletter.DeadLetters;
import io.concertsale.gateway.backoffice.deadletter.DeadLettersUnavailableException;
import io.concertsale.gateway.web.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The backoffice's "Dead letters" panel (admin only): the events no subscriber took after every retry, relayed from
 * the broker, replayed through the Trigger that failed, or discarded.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class AdminDeadLetterController {

    private static final int MAX_LIMIT = 1000;

    private final DeadLetters deadLetters;

    AdminDeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * {@code available} says whether the broker answers, {@code detail} why not; {@code letters} are the newest
     * first (empty when unavailable, so the panel can explain instead of failing).
     */
    @GetMapping
    Map<String, Object> recent(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException(Map.of("limit", "must be between 1 and " + MAX_LIMIT));
        }
        Map<String, Object> overview = new LinkedHashMap<>();
        try {
            JsonNode letters = deadLetters.recent(limit);
            overview.put("available", true);
            overview.put("letters", letters);
        } catch (DeadLettersUnavailableException e) {
            overview.put("available", false);
            overview.put("detail", e.getMessage());
            overview.put("letters", List.of());
        }
        return overview;
    }

    /** Replays one letter: 202 with the Triggers its event went to again. */
    @PostMapping("/{id}/replay")
    ResponseEntity<JsonNode> replay(@PathVariable long id) {
        return ResponseEntity.accepted().body(deadLetters.replay(id));
    }

    /** Replays every letter that can be: 202 with what was replayed and why the others were not. */
    @PostMapping("/replay")
    ResponseEntity<JsonNode> replayAll() {
        return ResponseEntity.accepted().body(deadLetters.replayAll());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> discard(@PathVariable long id) {
        deadLetters.discard(id);
        return ResponseEntity.noContent().build();
    }
}
