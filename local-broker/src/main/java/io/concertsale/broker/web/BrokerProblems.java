package io.concertsale.broker.web;

import io.concertsale.broker.deadletter.DeadLetterNotReplayableException;
import io.concertsale.broker.deadletter.UnknownDeadLetterException;
import io.concertsale.broker.ingress.BrokerOverloadedException;
import io.concertsale.broker.ingress.UnknownBrokerException;
import io.concertsale.broker.store.StoreException;
import io.concertsale.broker.trigger.InvalidTriggerException;
import io.concertsale.broker.trigger.UnknownTriggerException;
import io.concertsale.events.InvalidEventException;
import io.concertsale.eventkit.http.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The broker's answers to bad requests, as problem+json with the catalog's problem type URIs
 * ({@code urn:concertsale:problem:<slug>}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "io.concertsale.broker")
class BrokerProblems {

    @ExceptionHandler(InvalidEventException.class)
    ProblemDetail invalidEvent(InvalidEventException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, e.problem(), "Invalid CloudEvent", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof InvalidEventException invalid) {
            return invalidEvent(invalid);
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-event", "Invalid CloudEvent",
                "Not a valid CloudEvent: " + e.getMessage());
    }

    @ExceptionHandler(UnknownBrokerException.class)
    ProblemDetail unknownBroker(UnknownBrokerException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-broker", "Unknown broker", e.getMessage());
    }

    @ExceptionHandler(BrokerOverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(BrokerOverloadedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "broker-overloaded", "Broker overloaded",
                        e.getMessage()));
    }

    @ExceptionHandler(StoreException.class)
    ResponseEntity<ProblemDetail> storeFailed(StoreException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "broker-log-unavailable", "Broker log unavailable",
                        e.getMessage()));
    }

    @ExceptionHandler(UnknownDeadLetterException.class)
    ProblemDetail unknownDeadLetter(UnknownDeadLetterException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-dead-letter", "Unknown dead letter", e.getMessage());
    }

    @ExceptionHandler(DeadLetterNotReplayableException.class)
    ProblemDetail notReplayable(DeadLetterNotReplayableException e) {
        return Problems.of(HttpStatus.CONFLICT, "dead-letter-not-replayable", "Dead letter not replayable",
                e.getMessage());
    }

    @ExceptionHandler(InvalidTriggerException.class)
    ProblemDetail invalidTrigger(InvalidTriggerException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-trigger", "Invalid Trigger", e.getMessage());
    }

    @ExceptionHandler(UnknownTriggerException.class)
    ProblemDetail unknownTrigger(UnknownTriggerException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-trigger", "Unknown Trigger", e.getMessage());
    }
}
