package io.concertsale.payments.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.payments.InvalidRequestException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaymentRequestTest {

    @Test
    void validCardRequestKeepsTheAmountInCents() {
        PaymentRequest request = PaymentRequest.of("CARD", "card_1", new BigDecimal("90"), "EUR", "res-1", "s-1", null);

        assertThat(request.method()).isEqualTo(PaymentMethod.CARD);
        assertThat(request.amount()).isEqualByComparingTo("90.00").hasScaleOf(2);
    }

    @Test
    void everyWrongFieldIsNamed() {
        InvalidRequestException e = invalid("CHEQUE", null, new BigDecimal("-1"), "eur", " ", null, "x".repeat(501));

        assertThat(e.problem()).isEqualTo("invalid-payment");
        assertThat(e.errors()).containsOnlyKeys("method", "amount", "currency", "reference", "correlationKey",
                "description");
    }

    @Test
    void cardPaymentNeedsACardTokenAndATransferHasNone() {
        assertThat(invalid("CARD", null, BigDecimal.TEN, "EUR", "r", "s", null).errors()).containsOnlyKeys("cardToken");
        assertThat(invalid("MONEY_TRANSFER", "card_1", BigDecimal.TEN, "EUR", "r", "s", null).errors())
                .containsOnlyKeys("cardToken");
    }

    @Test
    void amountMustBePositiveWithAtMostTwoDecimals() {
        assertThat(invalid("MONEY_TRANSFER", null, BigDecimal.ZERO, "EUR", "r", "s", null).errors())
                .containsOnlyKeys("amount");
        assertThat(invalid("MONEY_TRANSFER", null, new BigDecimal("1.005"), "EUR", "r", "s", null).errors())
                .containsOnlyKeys("amount");
        assertThat(invalid("MONEY_TRANSFER", null, null, "EUR", "r", "s", null).errors()).containsOnlyKeys("amount");
        assertThat(PaymentRequest.of("MONEY_TRANSFER", null, new BigDecimal("1.500"), "EUR", "r", "s", null).amount())
                .isEqualByComparingTo("1.50");
    }

    @Test
    void currencyIsThreeCapitalLetters() {
        assertThat(invalid("MONEY_TRANSFER", null, BigDecimal.TEN, "EURO", "r", "s", null).errors())
                .containsOnlyKeys("currency");
        assertThat(invalid("MONEY_TRANSFER", null, BigDecimal.TEN, null, "r", "s", null).errors())
                .containsOnlyKeys("currency");
    }

    @Test
    void sameRequestHasTheSameFingerprintAndAnyDifferenceChangesIt() {
        PaymentRequest request = PaymentRequest.of("CARD", "card_1", new BigDecimal("90"), "EUR", "r", "s", null);

        assertThat(request.fingerprint()).isEqualTo(
                PaymentRequest.of("CARD", "card_1", new BigDecimal("90.00"), "EUR", "r", "s", null).fingerprint());
        assertThat(request.fingerprint()).isNotEqualTo(
                PaymentRequest.of("CARD", "card_1", new BigDecimal("90.01"), "EUR", "r", "s", null).fingerprint());
        assertThat(request.fingerprint()).isNotEqualTo(
                PaymentRequest.of("CARD", "card_1", new BigDecimal("90"), "EUR", "r", "s", "").fingerprint());
        assertThat(PaymentRequest.of("CARD", "card_1", BigDecimal.ONE, "EUR", "ab", "c", null).fingerprint())
                .isNotEqualTo(PaymentRequest.of("CARD", "card_1", BigDecimal.ONE, "EUR", "a", "bc", null).fingerprint());
    }

    private static InvalidRequestException invalid(String method, String cardToken, BigDecimal amount,
            String currency, String reference, String correlationKey, String description) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> PaymentRequest.of(method,
                cardToken, amount, currency, reference, correlationKey, description));
        assertThat(e).as("rejected").isNotNull();
        return e;
    }
}
