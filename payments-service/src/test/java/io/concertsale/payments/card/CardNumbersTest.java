package io.concertsale.payments.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

    @Test
    void digitsIgnoreSpacesAndDashes() {
        assertThat(CardNumbers.digits(" 4242 4242-4242 4242 ")).hasValue("4242424242424242");
    }

    @Test
    void numbersWithOtherCharactersHaveNoDigits() {
        assertThat(CardNumbers.digits("4242.4242.4242.4242")).isEmpty();
        assertThat(CardNumbers.digits("4242 4242 4242 424X")).isEmpty();
        assertThat(CardNumbers.digits("  ")).isEmpty();
        assertThat(CardNumbers.digits(null)).isEmpty();
    }

    @Test
    void luhnAcceptsValidCheckDigits() {
        assertThat(CardNumbers.luhnValid("4242424242424242")).isTrue();
        assertThat(CardNumbers.luhnValid("5555555555554444")).isTrue();
        assertThat(CardNumbers.luhnValid("378282246310005")).isTrue();
        assertThat(CardNumbers.luhnValid("79927398713")).isTrue();
    }

    @Test
    void luhnRejectsAWrongCheckDigitAndSwappedDigits() {
        assertThat(CardNumbers.luhnValid("4242424242424241")).isFalse();
        assertThat(CardNumbers.luhnValid("4242424242424224")).isFalse();
        assertThat(CardNumbers.luhnValid("79927398710")).isFalse();
    }

    @Test
    void brandComesFromTheLeadingDigits() {
        assertThat(CardBrand.of("4242424242424242")).isEqualTo(CardBrand.VISA);
        assertThat(CardBrand.of("5555555555554444")).isEqualTo(CardBrand.MASTERCARD);
        assertThat(CardBrand.of("2223003122003222")).isEqualTo(CardBrand.MASTERCARD);
        assertThat(CardBrand.of("378282246310005")).isEqualTo(CardBrand.AMEX);
        assertThat(CardBrand.of("6011111111111117")).isEqualTo(CardBrand.DISCOVER);
        assertThat(CardBrand.of("9999999999999995")).isEqualTo(CardBrand.UNKNOWN);
    }

    @Test
    void everyTestCardIsAValidCardOfItsBrand() {
        assertThat(TestCards.ALL).allSatisfy(card -> {
            assertThat(CardNumbers.luhnValid(card.number())).as(card.number()).isTrue();
            assertThat(CardBrand.of(card.number())).as(card.number()).isEqualTo(card.brand());
        });
    }

    @Test
    void onlyTheDeclineTestCardsDecline() {
        assertThat(TestCards.declineReason("4000000000000002")).hasValue(TestCards.CARD_DECLINED);
        assertThat(TestCards.declineReason("4000000000009995")).hasValue(TestCards.INSUFFICIENT_FUNDS);
        assertThat(TestCards.declineReason("4242424242424242")).isEmpty();
        assertThat(TestCards.declineReason("6011111111111117")).isEmpty();
    }
}
