package io.concertsale.gateway.backoffice.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.gateway.backoffice.deadletter.DeadLetterRejectedException;
import io.concertsale.gateway.backoffice.deadletter.DeadLettersUnavailableException;
import io.concertsale.gateway.backoffice.eventlog.EventLogUnavailableException;
import io.concertsale.gateway.backoffice.process.ProcessDeploymentRejectedException;
import io.concertsale.gateway.backoffice.process.ProcessModelsUnavailableException;
import io.concertsale.gateway.web.CommonProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the admin API ({@code /api/admin/**}) as {@code application/problem+json}: the event log, the dead
 * letters and the process models out of reach or refused, and the problems every API answers alike
 * ({@link CommonProblems}). The backoffice's 401, 403 and cross-site refusals come from its security chain
 * ({@code BackofficeSecurity}), before any controller.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@RestControllerAdvice(basePackages = "io.concertsale.gateway.backoffice")
public class BackofficeProblems extends CommonProblems {

    @ExceptionHandler(EventLogUnavailableException.class)
    ResponseEntity<ProblemDetail> eventLogUnavailable(EventLogUnavailableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "event-log-unavailable",
                "Event log unavailable", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem);
    }

    @ExceptionHandler(ProcessModelsUnavailableException.class)
    ResponseEntity<ProblemDetail> processModelsUnavailable(ProcessModelsUnavailableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "process-models-unavailable",
                "Process models unavailable", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem);
    }

    /** The router refused a deployment: its status (404 unknown model, 400 invalid, 502 Triggers) and detail. */
    @ExceptionHandler(ProcessDeploymentRejectedException.class)
    ResponseEntity<ProblemDetail> processDeploymentRejected(ProcessDeploymentRejectedException e) {
        HttpStatus status = HttpStatus.resolve(e.status()) != null && e.status() < 600 ? HttpStatus.valueOf(e.status())
                : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = Problems.of(status, "process-deployment-rejected", "Process deployment rejected",
                e.getMessage());
        return ResponseEntity.status(status).body(problem);
    }

    @ExceptionHandler(DeadLettersUnavailableException.class)
    ResponseEntity<ProblemDetail> deadLettersUnavailable(DeadLettersUnavailableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "dead-letters-unavailable",
                "Dead letters unavailable", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem);
    }

    /** The broker refused a replay or discard: 404 no such letter, 409 not replayable, with its detail. */
    @ExceptionHandler(DeadLetterRejectedException.class)
    ProblemDetail deadLetterRejected(DeadLetterRejectedException e) {
        return e.status() == 404
                ? Problems.of(HttpStatus.NOT_FOUND, "dead-letter-not-found", "Dead letter not found", e.getMessage())
                : Problems.of(HttpStatus.CONFLICT, "dead-letter-not-replayable", "Dead letter not replayable",
                        e.getMessage());
    }
}
