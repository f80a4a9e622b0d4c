package io.concertsale.payments.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.payments.InvalidRequestException;
import io.concertsale.payments.PaymentsServiceApplication;
import io.concertsale.payments.payment.IdempotencyKeyReusedException;
import io.concertsale.payments.payment.CardTokenRefusedException;
import io.concertsale.payments.payment.PaymentConflictException;
import io.concertsale.payments.payment.PaymentNotFoundException;
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
 * Every refusal of the provider's API as problem+json ({@code urn:concertsale:problem:<slug>}). Details never
 * repeat what was sent: a request body may hold a card number.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@RestControllerAdvice(basePackageClasses = PaymentsServiceApplication.class)
class ApiProblems {

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, e.problem(), "Invalid request", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "The request body is missing or is not the expected JSON object");
    }

    @ExceptionHandler(MerchantUnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(MerchantUnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"payments\"")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()));
    }

    @ExceptionHandler(PaymentNotFoundException.class)
    ProblemDetail notFound(PaymentNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found", e.getMessage());
    }

    @ExceptionHandler(PaymentConflictException.class)
    ProblemDetail conflict(PaymentConflictException e) {
        return Problems.of(HttpStatus.CONFLICT, "payment-state-conflict", "Not possible in the payment's state",
                e.getMessage());
    }

    @ExceptionHandler(CardTokenRefusedException.class)
    ProblemDetail cardTokenRefused(CardTokenRefusedException e) {
        return Problems.of(HttpStatus.CONFLICT, e.problem(), "Card token not usable for this payment",
                e.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail keyReused(IdempotencyKeyReusedException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                e.getMessage());
    }
}
