package io.concertsale.gateway.shop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardTest {

    @Test
    void textOfACardShowsOnlyTheLastFourDigits() {
        Card card = new Card("4111 1111 1111 1234", "12/30", "987", "Ada Lovelace");

        assertThat(card.toString()).doesNotContain("4111").doesNotContain("987").doesNotContain("Ada")
                .contains("1234");
        assertThat(card.last4()).isEqualTo("1234");
    }

    @Test
    void shortOrMissingNumberHasNoLastFour() {
        assertThat(new Card("12", null, null, null).last4()).isNull();
        assertThat(new Card(null, null, null, null).toString()).contains("number=****");
    }
}
