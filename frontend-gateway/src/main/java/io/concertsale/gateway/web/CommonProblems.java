package io.concertsale.gateway.web;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.eventkit.http.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The problems both audiences' APIs answer alike, as {@code application/problem+json} with a stable type
 * ({@code urn:concertsale:problem:<slug>}): invalid fields, an unreadable body, a busy database. Field errors go into
 * an {@code errors} map of field to message; rejected values are never echoed (they may be card details). Not an
 * advice itself: the shop's {@code ShopProblems} and the backoffice's {@code BackofficeProblems} extend it, each for
 * its own controllers.
 */
public abstract class CommonProblems {

    private static final Logger log = LoggerFactory.getLogger(CommonProblems.class);

    @ExceptionHandler(InvalidRequestException.class)
    protected ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid("The request has invalid fields", new LinkedHashMap<String, Object>(e.errors()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    protected ProblemDetail invalidBody(MethodArgumentNotValidException e) {
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
    protected ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = notAPaymentMethod(e);
        if (field != null) {
            return invalid("The request has invalid fields",
                    new LinkedHashMap<String, Object>(Map.of(field, "must be " + PaymentMethod.NAMES)));
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request body is missing or is not the JSON this endpoint takes");
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
    protected ResponseEntity<ProblemDetail> busy(NestedRuntimeException e) {
        log.warn("Answered 503 busy: {}", e.getMostSpecificCause().toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy, try again",
                "The sale is very busy and could not take this request right now; please try again in a moment");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
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
