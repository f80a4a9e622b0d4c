package io.concertsale.router.web;

import io.concertsale.events.InvalidEventException;
import io.concertsale.router.deployment.InvalidModelException;
import io.concertsale.router.deployment.TriggersNotEnsuredException;
import io.concertsale.router.deployment.UnknownModelException;
import io.concertsale.router.message.web.EventServlet;
import io.concertsale.router.zeebe.EngineException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * The router's answers to what went wrong, as problem+json with types {@code urn:zeebe-cloud-events-router:problem:<slug>}:
 * 400 for what can never succeed (senders must not retry it), 404 for an unknown model, 502 when Triggers could not be
 * ensured after the engine accepted a deployment, 503 with Retry-After while the engine is not available.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "io.concertsale.router")
class RouterProblems {

    static final String TYPE_PREFIX = EventServlet.TYPE_PREFIX;
    /** Seconds a sender should wait before retrying while the engine is not available. */
    static final String RETRY_AFTER_SECONDS = String.valueOf(EventServlet.RETRY_AFTER_SECONDS);

    private static final Logger log = LoggerFactory.getLogger(RouterProblems.class);

    @ExceptionHandler(InvalidEventException.class)
    ProblemDetail invalidEvent(InvalidEventException e) {
        return problem(HttpStatus.BAD_REQUEST, e.problem(), "Invalid CloudEvent", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof InvalidEventException invalid) {
            return invalidEvent(invalid);
        }
        return problem(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request", e.getMessage());
    }

    @ExceptionHandler(InvalidModelException.class)
    ProblemDetail invalidModel(InvalidModelException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-model", "Invalid BPMN model", e.getMessage());
    }

    @ExceptionHandler(UnknownModelException.class)
    ProblemDetail unknownModel(UnknownModelException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-model", "Unknown model", e.getMessage());
    }

    @ExceptionHandler(TriggersNotEnsuredException.class)
    ProblemDetail triggersNotEnsured(TriggersNotEnsuredException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "triggers-not-ensured", "Triggers not ensured",
                e.getMessage());
        problem.setProperty("deploymentKey", e.deployment().deploymentKey());
        problem.setProperty("triggers", e.deployment().triggers());
        return problem;
    }

    @ExceptionHandler(EngineException.class)
    ResponseEntity<ProblemDetail> engine(EngineException e) {
        return switch (e.kind()) {
            case REJECTED -> ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "rejected-by-engine",
                    "Rejected by the engine", e.getMessage()));
            case CONFLICT, NOT_FOUND, ALREADY_EXISTS -> ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(problem(HttpStatus.CONFLICT, "engine-conflict", "Conflict with the engine's state",
                            e.getMessage()));
            case UNAVAILABLE -> {
                log.warn("{}", e.getMessage());
                yield ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", "Engine unavailable",
                                e.getMessage()));
            }
        };
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }
}
