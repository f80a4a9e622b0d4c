package io.concertsale.payments.card.web;

import io.concertsale.payments.card.CardDetails;
import io.concertsale.payments.card.CardToken;
import io.concertsale.payments.card.CardTokenizer;
import io.concertsale.payments.card.TestCards;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The public card endpoints: tokenization (like a publishable-key endpoint) and the list of test cards. */
@RestController
class CardController {

    private final CardTokenizer tokenizer;

    CardController(CardTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * @param reference the reference of the payment the card is to pay (the merchant's order, e.g. the reservation);
     *        the token then pays only a payment with this reference
     */
    record CardRequest(String number, String expiry, String cvc, String holder, String reference) {

        @Override
        public String toString() {
            return "CardRequest[number=****, expiry=" + expiry + ", cvc=***, holder=" + holder + ", reference="
                    + reference + "]";
        }
    }

    record CardResponse(String token, String brand, String last4, String expiry) {

        static CardResponse of(CardToken token) {
            return new CardResponse(token.token(), token.brand().name(), token.last4(), token.expiry());
        }
    }

    /**
     * @param outcome {@code AUTHORIZED} or {@code DECLINED}
     */
    record TestCardResponse(String number, String brand, String outcome, String declineReason, String description) {

        static TestCardResponse of(TestCards.TestCard card) {
            return new TestCardResponse(card.number(), card.brand().name(), card.authorized() ? "AUTHORIZED" : "DECLINED",
                    card.declineReason(), card.description());
        }
    }

    @PostMapping("/api/cards")
    @ResponseStatus(HttpStatus.CREATED)
    CardResponse tokenize(@RequestBody CardRequest request) {
        return CardResponse.of(tokenizer.tokenize(
                new CardDetails(request.number(), request.expiry(), request.cvc(), request.holder()),
                request.reference()));
    }

    @GetMapping("/api/test-cards")
    List<TestCardResponse> testCards() {
        return TestCards.ALL.stream().map(TestCardResponse::of).toList();
    }
}
