package io.concertsale.payments.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.payments.PaymentsContractBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cards: tokenization without an API key, refusals field by field, the public test cards. */
abstract class CardContract extends PaymentsContractBase {

    @Test
    void validCardIsTokenizedWithoutAnApiKey() {
        HttpResponse<String> response = tokenize("4242 4242 4242 4242", "12/99", "123", "Ada Lovelace");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode card = json(response);
        assertThat(card.get("token").asString()).startsWith("card_");
        assertThat(card.get("brand").asString()).isEqualTo("VISA");
        assertThat(card.get("last4").asString()).isEqualTo("4242");
        assertThat(card.get("expiry").asString()).isEqualTo("12/99");
    }

    @Test
    void invalidCardDetailsAreRefusedFieldByFieldAndNothingIsStored() {
        long before = count("card_token");

        HttpResponse<String> response = tokenize("4242 4242 4242 4241", "01/20", "12", " ");

        assertProblem(response, 400, "invalid-card");
        JsonNode errors = json(response).get("errors");
        assertThat(errors.propertyNames()).containsExactlyInAnyOrder("number", "expiry", "cvc", "holder");
        assertThat(errors.get("expiry").asString()).isEqualTo("the card has expired");
        assertThat(response.body()).doesNotContain("4241");
        assertThat(count("card_token")).isEqualTo(before);
    }

    @Test
    void cardNumberOfWrongLengthIsRefused() {
        HttpResponse<String> response = tokenize("4242 4242 420", "12/99", "123", "Ada Lovelace");

        assertProblem(response, 400, "invalid-card");
        assertThat(json(response).get("errors").get("number").asString()).isEqualTo("must have 12 to 19 digits");
    }

    @Test
    void malformedBodyIsRefusedWithoutRepeatingIt() {
        HttpResponse<String> response = post("/api/cards", "{\"number\":\"" + VISA + "\",\"expiry\":", null);

        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain(VISA);
    }

    @Test
    void testCardsArePublicAndSayTheirOutcome() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/test-cards")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> outcomes = new HashMap<>();
        json(response).forEach(card -> outcomes.put(card.get("number").asString(), card.get("outcome").asString()
                + (card.has("declineReason") ? ":" + card.get("declineReason").asString() : "")));
        assertThat(outcomes).containsEntry(VISA, "AUTHORIZED")
                .containsEntry(DECLINED, "DECLINED:CARD_DECLINED")
                .containsEntry(NO_FUNDS, "DECLINED:INSUFFICIENT_FUNDS");
    }

    // --- card payments ---
}
