package io.concertsale.payments.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.concertsale.payments.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CardTokenizerTest {

    /** 15 March 2027. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-03-15T10:00:00Z"), ZoneOffset.UTC);

    private final Map<String, CardToken> saved = new HashMap<>();
    private final CardTokenizer tokenizer = new CardTokenizer(new CardTokenStore() {
        @Override
        public void save(CardToken token) {
            saved.put(token.token(), token);
        }

        @Override
        public Optional<CardToken> find(String token) {
            return Optional.ofNullable(saved.get(token));
        }

        @Override
        public boolean use(String token, String paymentId) {
            return saved.computeIfPresent(token, (key, card) -> card.paymentId() != null ? card
                    : new CardToken(card.token(), card.brand(), card.last4(), card.expiry(), card.holder(),
                            card.declineReason(), card.createdAt(), card.reference(), paymentId)) != null;
        }
    }, CLOCK);

    @Test
    void validCardBecomesATokenWithBrandAndLastFourDigitsOnly() {
        CardToken token = tokenizer.tokenize(new CardDetails("4242 4242 4242 4242", "12/30", "123", " Ada Lovelace "));

        assertThat(token.token()).startsWith("card_");
        assertThat(token.brand()).isEqualTo(CardBrand.VISA);
        assertThat(token.last4()).isEqualTo("4242");
        assertThat(token.expiry()).isEqualTo("12/30");
        assertThat(token.holder()).isEqualTo("Ada Lovelace");
        assertThat(token.declineReason()).isNull();
        assertThat(saved).containsEntry(token.token(), token);
        assertThat(token.toString()).doesNotContain("4242424242424242");
    }

    @Test
    void outcomeIsDecidedAtTokenization() {
        assertThat(tokenizer.tokenize(new CardDetails("4000-0000-0000-0002", "01/28", "999", "A")).declineReason())
                .isEqualTo(TestCards.CARD_DECLINED);
        assertThat(tokenizer.tokenize(new CardDetails("4000000000009995", "01/28", "9999", "A")).declineReason())
                .isEqualTo(TestCards.INSUFFICIENT_FUNDS);
    }

    @Test
    void everyWrongFieldIsNamedAndNothingIsSaved() {
        InvalidRequestException e = invalid(new CardDetails("4242424242424241", "13/30", "12", " "));

        assertThat(e.problem()).isEqualTo("invalid-card");
        assertThat(e.errors()).containsOnlyKeys("number", "expiry", "cvc", "holder");
        assertThat(saved).isEmpty();
    }

    @Test
    void numberMustHaveTwelveToNineteenDigits() {
        // all three pass the Luhn check: only their length is wrong
        assertThat(invalid(card("42424242420")).errors()).containsEntry("number", "must have 12 to 19 digits");
        assertThat(invalid(card("42424242424242424242")).errors()).containsEntry("number", "must have 12 to 19 digits");
        assertThat(tokenizer.tokenize(card("424242424242")).last4()).isEqualTo("4242");
    }

    @Test
    void numberWithLettersIsRejectedWithoutRepeatingIt() {
        InvalidRequestException e = invalid(card("4242 4242 4242 424a"));

        assertThat(e.errors().get("number")).doesNotContain("4242");
    }

    @Test
    void expiryMustBeMonthSlashTwoDigitYear() {
        assertThat(invalid(new CardDetails("4242424242424242", "1/30", "123", "A")).errors()).containsKey("expiry");
        assertThat(invalid(new CardDetails("4242424242424242", "12/2030", "123", "A")).errors()).containsKey("expiry");
        assertThat(invalid(new CardDetails("4242424242424242", "00/30", "123", "A")).errors()).containsKey("expiry");
        assertThat(invalid(new CardDetails("4242424242424242", null, "123", "A")).errors()).containsKey("expiry");
    }

    @Test
    void cardIsValidUntilTheEndOfItsExpiryMonth() {
        assertThat(tokenizer.tokenize(new CardDetails("4242424242424242", "03/27", "123", "A")).expiry())
                .isEqualTo("03/27");
        assertThat(invalid(new CardDetails("4242424242424242", "02/27", "123", "A")).errors())
                .containsEntry("expiry", "the card has expired");
    }

    @Test
    void cvcMustBeThreeOrFourDigits() {
        assertThat(invalid(new CardDetails("4242424242424242", "12/30", "12345", "A")).errors()).containsKey("cvc");
        assertThat(invalid(new CardDetails("4242424242424242", "12/30", "12a", "A")).errors()).containsKey("cvc");
        assertThat(invalid(new CardDetails("4242424242424242", "12/30", null, "A")).errors()).containsKey("cvc");
    }

    @Test
    void holderMustNotBeTooLong() {
        assertThat(invalid(new CardDetails("4242424242424242", "12/30", "123", "A".repeat(101))).errors())
                .containsKey("holder");
    }

    private static CardDetails card(String number) {
        return new CardDetails(number, "12/30", "123", "Ada Lovelace");
    }

    private InvalidRequestException invalid(CardDetails card) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> tokenizer.tokenize(card));
        assertThat(e).as("rejected").isNotNull();
        return e;
    }
}
