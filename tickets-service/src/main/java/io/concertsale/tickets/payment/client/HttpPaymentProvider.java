package io.concertsale.tickets.payment.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.tickets.config.TicketsProperties;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.tickets.payment.PaymentOrder;
import io.concertsale.tickets.payment.PaymentProvider;
import io.concertsale.tickets.payment.PaymentProviderUnavailableException;
import io.concertsale.tickets.payment.PaymentRefusedException;
import io.concertsale.tickets.payment.PaymentStatus;
import io.concertsale.tickets.payment.ProviderPayment;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment provider's HTTP API: {@code POST /api/payments} (with an {@code Idempotency-Key}),
 * {@code GET /api/payments/{id}} and {@code POST /api/payments/{id}/cancel}, authenticated with the merchant's API
 * key as a bearer token. Never called inside a transaction; the timeouts bound how long one call keeps a turn of
 * {@link io.concertsale.tickets.payment.ProviderCalls} (or the poll) busy.
 */
public class HttpPaymentProvider implements PaymentProvider {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;

    public HttpPaymentProvider(RestClient.Builder builder, TicketsProperties.Payments settings) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.readTimeout());
        RestClient.Builder configured = builder.clone().baseUrl(settings.baseUrl().toString()).requestFactory(requests)
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
        }
        this.client = configured.build();
    }

    @Override
    public ProviderPayment create(PaymentOrder order, String idempotencyKey) {
        CreatePayment body = new CreatePayment(order.method().name(), order.cardToken(), order.amount(),
                order.currency(), order.reference(), order.correlationKey(), order.description());
        try {
            return payment(client.post().uri("/api/payments")
                    .header("Idempotency-Key", idempotencyKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(PaymentJson.class));
        } catch (HttpClientErrorException e) {
            throw refusedOrUnavailable("Creating a payment", e);
        } catch (RestClientException | IllegalArgumentException e) {
            throw unavailable("Creating a payment", e);
        }
    }

    @Override
    public Optional<ProviderPayment> find(String paymentId) {
        try {
            return Optional.of(payment(client.get().uri("/api/payments/{id}", paymentId).retrieve()
                    .body(PaymentJson.class)));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        } catch (RestClientException | IllegalArgumentException e) {
            throw unavailable("Asking about payment " + paymentId, e);
        }
    }

    @Override
    public void cancel(String paymentId) {
        try {
            client.post().uri("/api/payments/{id}/cancel", paymentId).retrieve().toBodilessEntity();
        } catch (HttpClientErrorException e) {
            throw refusedOrUnavailable("Cancelling payment " + paymentId, e);
        } catch (RestClientException e) {
            throw unavailable("Cancelling payment " + paymentId, e);
        }
    }

    private static ProviderPayment payment(PaymentJson json) {
        if (json == null || json.id() == null || json.status() == null) {
            throw new IllegalArgumentException("The provider's answer has no payment id or status");
        }
        return new ProviderPayment(json.id(), PaymentStatus.valueOf(json.status()),
                json.method() == null ? null : PaymentMethod.valueOf(json.method()), json.amount(), json.currency(),
                json.reference(), json.moneyTransfer(), json.declineReason());
    }

    private static RuntimeException refusedOrUnavailable(String action, HttpClientErrorException e) {
        if (retryable(e.getStatusCode())) {
            return unavailable(action, e);
        }
        return new PaymentRefusedException(e.getStatusCode().value(), detail(e));
    }

    /** 408 and 429 say "not now", not "never". */
    private static boolean retryable(HttpStatusCode status) {
        return status.value() == 408 || status.value() == 429;
    }

    private static PaymentProviderUnavailableException unavailable(String action, Exception e) {
        return new PaymentProviderUnavailableException(action + " at the payment provider failed: " + e.getMessage(),
                e);
    }

    /** The problem's {@code detail} (or {@code title}), else the status line. */
    private static String detail(HttpClientErrorException e) {
        try {
            JsonNode problem = JSON.readTree(e.getResponseBodyAsString());
            for (String field : new String[] {"detail", "title"}) {
                if (problem != null && problem.hasNonNull(field) && !problem.get(field).asString().isBlank()) {
                    return problem.get(field).asString();
                }
            }
        } catch (JacksonException notJson) {
            // fall back to the status line
        }
        return e.getStatusCode().value() + " " + e.getStatusText();
    }

    /** The body of {@code POST /api/payments}; a money transfer sends no card token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreatePayment(
            String method, String cardToken, BigDecimal amount, String currency, String reference,
            String correlationKey, String description) {
    }

    /** A payment as the provider's API shows it (the card details it may add are not needed here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentJson(
            String id, String status, String method, BigDecimal amount, String currency, String reference,
            Instant createdAt, MoneyTransferInstructions moneyTransfer, String declineReason) {
    }
}
