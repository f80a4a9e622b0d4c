package io.concertsale.payments.card;

import java.util.List;
import java.util.Optional;

/**
 * The cards that trigger the simulated outcomes. Any other valid card number is authorized.
 */
public final class TestCards {

    public static final String CARD_DECLINED = "CARD_DECLINED";
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";

    /**
     * @param declineReason why a payment with this card is declined; null when it is authorized
     */
    public record TestCard(String number, CardBrand brand, String declineReason, String description) {

        public boolean authorized() {
            return declineReason == null;
        }
    }

    public static final List<TestCard> ALL = List.of(
            new TestCard("4242424242424242", CardBrand.VISA, null, "Visa: always authorized"),
            new TestCard("5555555555554444", CardBrand.MASTERCARD, null, "Mastercard: always authorized"),
            new TestCard("378282246310005", CardBrand.AMEX, null, "American Express: always authorized"),
            new TestCard("4000000000000002", CardBrand.VISA, CARD_DECLINED, "Visa: always declined"),
            new TestCard("4000000000009995", CardBrand.VISA, INSUFFICIENT_FUNDS, "Visa: declined, insufficient funds"));

    private TestCards() {
    }

    /** Why a payment with this card number (digits only) is declined; empty when it is authorized. */
    public static Optional<String> declineReason(String digits) {
        return ALL.stream().filter(card -> card.number().equals(digits)).findFirst().map(TestCard::declineReason);
    }
}
