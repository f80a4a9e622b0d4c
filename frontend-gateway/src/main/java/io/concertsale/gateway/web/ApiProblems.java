package io.concertsale.gateway.web;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.eventkit.http.Problems;
import io.concertsale.gateway.deadletter.DeadLetterRejectedException;
import io.concertsale.gateway.deadletter.DeadLettersUnavailableException;
import io.concertsale.gateway.eventlog.EventLogUnavailableException;
import io.concertsale.gateway.payment.CardRejectedException;
import io.concertsale.gateway.process.ProcessDeploymentRejectedException;
import io.concertsale.gateway.process.ProcessModelsUnavailableException;
import io.concertsale.gateway.payment.PaymentProviderUnavailableException;
import io.concertsale.gateway.sale.SaleNotOpenException;
import io.concertsale.gateway.sale.SaleStatus;
import io.concertsale.gateway.session.InvalidRequestException;
import io.concertsale.gateway.session.PaymentMethodRequiredException;
import io.concertsale.gateway.session.SessionNotFoundException;
import io.concertsale.gateway.session.StageConflictException;
import io.concertsale.gateway.session.TicketNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Every error of the browser and admin API as {@code application/problem+json} with a stable type
 * ({@code urn:concertsale:problem:<slug>}). Field errors go into an {@code errors} map of field to message; rejected
 * values are never echoed (they may be card details).
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@RestControllerAdvice(basePackages = "io.concertsale.gateway")
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(SessionNotFoundException.class)
    ProblemDetail sessionNotFound(SessionNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "session-not-found", "Session not found", e.getMessage());
    }

    @ExceptionHandler(TicketNotFoundException.class)
    ProblemDetail ticketNotFound(TicketNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "ticket-not-found", "Ticket not found", e.getMessage());
    }

    @ExceptionHandler(StageConflictException.class)
    ProblemDetail stageConflict(StageConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "stage-conflict", "Not possible at this stage",
                e.getMessage());
        problem.setProperty("stage", e.stage().name());
        return problem;
    }

    @ExceptionHandler(PaymentMethodRequiredException.class)
    ProblemDetail paymentMethodRequired(PaymentMethodRequiredException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "payment-method-required",
                "This order needs another payment method", e.getMessage());
        problem.setProperty("requiredMethod", e.method().name());
        return problem;
    }

    @ExceptionHandler(SaleNotOpenException.class)
    ProblemDetail saleNotOpen(SaleNotOpenException e) {
        boolean soldOut = e.status() == SaleStatus.SOLD_OUT;
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, soldOut ? "sold-out" : "sale-not-open",
                soldOut ? "Sold out" : "No sale is open", e.getMessage());
        problem.setProperty("saleStatus", e.status().name());
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid("The request has invalid fields", new LinkedHashMap<String, Object>(e.errors()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        Map<String, Object> errors = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
        return invalid("The request has invalid fields", errors);
    }

    /**
     * A body that is no JSON, or not the JSON the endpoint takes. A payment method that is none of the enum's names
     * (the payment's {@code method}) is a field error, as if the body had bound and failed validation.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = notAPaymentMethod(e);
        if (field != null) {
            return invalid("The request has invalid fields",
                    new LinkedHashMap<String, Object>(Map.of(field, "must be " + PaymentMethod.NAMES)));
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request body is missing or is not the JSON this endpoint takes");
    }

    @ExceptionHandler(CardRejectedException.class)
    ProblemDetail cardRejected(CardRejectedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-card", "Invalid card details",
                e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(PaymentProviderUnavailableException.class)
    ResponseEntity<ProblemDetail> providerUnavailable(PaymentProviderUnavailableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "payment-provider-unavailable",
                "Payment provider unavailable", "The card could not be checked right now; please try again");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    /**
     * The database could not do it now: a row lock not granted within the lock timeout (an event's transaction held
     * the session), a deadlock, a statement timeout, or no connection of the pool free in time (a storm of requests
     * holds them all, so no transaction could begin; Spring counts that as a resource failure, but for the fan it
     * passes as the others do). The transaction rolled back or never began, so the same request can simply be sent
     * again.
     */
    @ExceptionHandler({TransientDataAccessException.class, CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> busy(NestedRuntimeException e) {
        log.warn("Answered 503 busy: {}", e.getMostSpecificCause().toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy, try again",
                "The sale is very busy and could not take this request right now; please try again in a moment");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

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

    /**
     * The field whose value the {@link PaymentMethod} refused ({@link PaymentMethod#named}), when that is why the body
     * could not be read; otherwise null.
     */
    private static String notAPaymentMethod(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ValueInstantiationException refused
                    && refused.getType().hasRawClass(PaymentMethod.class) && !refused.getPath().isEmpty()) {
                return refused.getPath().stream().map(JacksonException.Reference::getPropertyName)
                        .filter(Objects::nonNull).collect(Collectors.joining("."));
            }
        }
        return null;
    }

    private static ProblemDetail invalid(String detail, Map<String, Object> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
