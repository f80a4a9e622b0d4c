package io.concertsale.gateway.shop.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.gateway.sale.SaleNotOpenException;
import io.concertsale.gateway.sale.SaleStatus;
import io.concertsale.gateway.shop.payment.CardRejectedException;
import io.concertsale.gateway.shop.payment.PaymentProviderUnavailableException;
import io.concertsale.gateway.shop.session.PaymentMethodRequiredException;
import io.concertsale.gateway.shop.session.SessionNotFoundException;
import io.concertsale.gateway.shop.session.StageConflictException;
import io.concertsale.gateway.shop.session.TicketNotFoundException;
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
 * Every error of the fans' API (sessions, the sale, tickets' QR codes) as {@code application/problem+json}: unknown
 * sessions and tickets, stage conflicts, a sale that is not open, card problems, and the problems every API answers
 * alike ({@link CommonProblems}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@RestControllerAdvice(basePackages = "io.concertsale.gateway.shop")
public class ShopProblems extends CommonProblems {

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
}
