package io.concertsale.queue.waitingroom.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.queue.waitingroom.QueueStatus;
import io.concertsale.queue.waitingroom.WaitingRoom;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The waiting room for operators: its counters, and where one customer stands. */
@RestController
@RequestMapping("/api/queue")
class QueueController {

    private final WaitingRoom waitingRoom;

    QueueController(WaitingRoom waitingRoom) {
        this.waitingRoom = waitingRoom;
    }

    @GetMapping
    QueueStatus status() {
        return waitingRoom.status();
    }

    @GetMapping("/{sessionId}")
    ResponseEntity<?> entry(@PathVariable String sessionId) {
        return waitingRoom.entry(sessionId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
            return ResponseEntity.of(Problems.of(HttpStatus.NOT_FOUND, "unknown-session", "Unknown session",
                    "No customer with session id '" + sessionId + "' is in the waiting room")).build();
        });
    }
}
