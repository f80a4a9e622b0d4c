package io.concertsale.gateway.shop.payment.client;

import io.concertsale.gateway.shop.payment.Card;
import io.concertsale.gateway.shop.payment.CardRejectedException;
import io.concertsale.gateway.shop.payment.CardToken;
import io.concertsale.gateway.shop.payment.CardTokenizer;
import io.concertsale.gateway.shop.payment.PaymentProviderUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Tokenizes cards at the payment provider: {@code POST /api/cards} with the card JSON
 * ({@code number, expiry, cvc, holder}) and the {@code reference} of the payment it is for (the reservation id: the
 * provider's token then pays that payment once and no other) answers 201 with the token, or 400 problem+json whose
 * {@code errors} map names the invalid fields. The body's {@code toString} is the {@link Card}'s masked text, so even a
 * debug log of the request shows no card number.
 */
public class HttpCardTokenizer implements CardTokenizer {

    private final RestClient client;

    public HttpCardTokenizer(RestClient.Builder builder, URI baseUrl, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout);
        this.client = builder.clone().baseUrl(baseUrl.toString()).requestFactory(requests).build();
    }

    @Override
    public CardToken tokenize(Card card, String reference) {
        try {
            return client.post().uri("/api/cards")
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .body(new Tokenization(card.number(), card.expiry(), card.cvc(), card.holder(), reference))
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == 200 || status == 201) {
                            CardToken token = response.bodyTo(CardToken.class);
                            if (token == null || token.token() == null || token.token().isBlank()) {
                                throw new PaymentProviderUnavailableException(
                                        "The payment provider answered without a card token", null);
                            }
                            return token;
                        }
                        if (status == 400 || status == 422) {
                            throw rejected(response.bodyTo(Map.class));
                        }
                        throw new PaymentProviderUnavailableException(
                                "The payment provider answered " + status + " to a card tokenization", null);
                    });
        } catch (RestClientException e) {
            throw new PaymentProviderUnavailableException("The payment provider is unreachable: " + e.getMessage(), e);
        }
    }

    /** The body of {@code POST /api/cards}. */
    record Tokenization(String number, String expiry, String cvc, String holder, String reference) {

        @Override
        public String toString() {
            return new Card(number, expiry, cvc, holder) + "[reference=" + reference + "]";
        }
    }

    private static CardRejectedException rejected(Map<?, ?> problem) {
        Map<String, Object> errors = new LinkedHashMap<>();
        Object detail = null;
        if (problem != null) {
            detail = problem.get("detail");
            if (problem.get("errors") instanceof Map<?, ?> fields) {
                fields.forEach((field, error) -> errors.put(String.valueOf(field), error));
            }
        }
        return new CardRejectedException(detail != null ? detail.toString() : "The card details are invalid", errors);
    }
}
