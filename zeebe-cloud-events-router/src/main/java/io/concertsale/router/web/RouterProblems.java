package io.concertsale.router.web;

import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import io.concertsale.eventkit.http.Problems;
import io.concertsale.events.InvalidEventException;
import io.concertsale.router.deployment.InvalidModelException;
import io.concertsale.router.deployment.TriggersNotEnsuredException;
import io.concertsale.router.deployment.UnknownModelException;
import io.concertsale.router.zeebe.EngineException;
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
        ProblemException answer = EngineProblems.of(e);
        HttpStatus status = HttpStatus.valueOf(answer.status());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (answer.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfterSeconds()));
        }
        return response.body(problem(status, answer.slug(), answer.title(), answer.getMessage()));
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        return Problems.of(status, EngineProblems.type(slug), title, detail);
    }
}
