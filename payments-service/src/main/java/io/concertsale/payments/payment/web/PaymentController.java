package io.concertsale.payments.payment.web;

import io.concertsale.payments.InvalidRequestException;
import io.concertsale.payments.payment.CreatedPayment;
import io.concertsale.payments.payment.PaymentRequest;
import io.concertsale.payments.payment.PaymentService;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant API (Bearer API key): create, read and cancel payments, the bank's transfer notice, and the summary
 * of the merchant's payments.
 */
@RestController
@RequestMapping("/api/payments")
class PaymentController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final PaymentService payments;

    PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    record PaymentBody(String method, String cardToken, BigDecimal amount, String currency, String reference,
            String correlationKey, String description) {
    }

    @PostMapping
    ResponseEntity<PaymentResponse> create(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestBody PaymentBody body) {
        PaymentRequest request = PaymentRequest.of(body.method(), body.cardToken(), body.amount(), body.currency(),
                body.reference(), body.correlationKey(), body.description());
        CreatedPayment created = payments.create(key, request);
        PaymentResponse response = PaymentResponse.of(created.payment());
        if (created.replayed()) {
            return ResponseEntity.ok().header(REPLAYED, "true").body(response);
        }
        return ResponseEntity.created(URI.create("/api/payments/" + response.id())).body(response);
    }

    /** How many payments are in each status, and their amounts; {@code createdFrom} (ISO-8601) narrows it down. */
    @GetMapping("/summary")
    PaymentSummaryResponse summary(@RequestParam(required = false) String createdFrom) {
        return PaymentSummaryResponse.of(payments.summary(instant("createdFrom", createdFrom)));
    }

    @GetMapping("/{id}")
    PaymentResponse get(@PathVariable String id) {
        return PaymentResponse.of(payments.get(id));
    }

    @PostMapping("/{id}/cancel")
    PaymentResponse cancel(@PathVariable String id) {
        return PaymentResponse.of(payments.cancel(id));
    }

    @PostMapping("/{id}/transfer-received")
    PaymentResponse transferReceived(@PathVariable String id) {
        return PaymentResponse.of(payments.transferReceived(id));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("invalid-request", "The request has invalid parameters",
                    Map.of(name, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z"));
        }
    }
}
