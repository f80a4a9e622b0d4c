package io.concertsale.eventkit.ingress;

import io.concertsale.events.InvalidEventException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns events that can never be handled into 400 problem+json answers, so the broker does not retry them. Requests
 * that are no readable CloudEvent are counted here as rejected ({@link EventIngress} counts the others).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = EventIngressController.class)
public class EventProblems {

    private final ReceivedEvents received;

    public EventProblems(ReceivedEvents received) {
        this.received = received;
    }

    /** The problem type URI for a slug such as {@code unknown-type}. */
    public static URI type(String problem) {
        return URI.create("urn:concertsale:problem:" + problem);
    }

    @ExceptionHandler(InvalidEventException.class)
    ProblemDetail invalidEvent(InvalidEventException e) {
        return problem(e.problem(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        received.rejected(null);
        if (e.getCause() instanceof InvalidEventException invalid) {
            return problem(invalid.problem(), invalid.getMessage());
        }
        return problem("malformed-event", "Not a valid CloudEvent: " + e.getMessage());
    }

    private static ProblemDetail problem(String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(type(slug));
        problem.setTitle("Invalid CloudEvent");
        return problem;
    }
}
