package io.concertsale.payments.payment.web;

import io.concertsale.payments.payment.CreatedPayment;
import io.concertsale.payments.payment.PaymentRequest;
import io.concertsale.payments.payment.PaymentService;
import java.math.BigDecimal;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API (Bearer API key): create, read and cancel payments, and the bank's transfer notice. */
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
}
