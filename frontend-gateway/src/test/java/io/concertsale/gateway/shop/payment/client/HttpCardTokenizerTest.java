package io.concertsale.gateway.shop.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.gateway.shop.payment.Card;
import io.concertsale.gateway.shop.payment.CardRejectedException;
import io.concertsale.gateway.shop.payment.CardToken;
import io.concertsale.gateway.shop.payment.PaymentProviderUnavailableException;
import io.concertsale.gateway.test.CardProviderStub;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class HttpCardTokenizerTest {

    static final CardProviderStub PROVIDER = new CardProviderStub();

    final HttpCardTokenizer tokenizer = new HttpCardTokenizer(RestClient.builder(), PROVIDER.uri(),
            Duration.ofSeconds(2));

    @AfterAll
    static void stop() {
        PROVIDER.close();
    }

    @Test
    void validCardIsExchangedForTheProvidersToken() {
        CardToken token = tokenizer.tokenize(new Card("4111111111111111", "12/30", "123", "Ada"), "r-1");

        assertThat(PROVIDER.tokens()).contains(token.token());
        assertThat(token.brand()).isEqualTo("VISA");
        assertThat(token.last4()).isEqualTo("1111");
        assertThat(PROVIDER.requests().getLast().propertyNames()).containsExactlyInAnyOrder("number", "expiry", "cvc",
                "holder", "reference");
        assertThat(PROVIDER.requests().getLast().path("reference").asString()).isEqualTo("r-1");
        assertThat(PROVIDER.requests().getLast().path("holder").asString()).isEqualTo("Ada");
    }

    @Test
    void invalidCardIsRejectedWithTheProvidersFieldErrors() {
        assertThatThrownBy(() -> tokenizer.tokenize(new Card("1234", "12/30", "x", null), "r-1"))
                .isInstanceOfSatisfying(CardRejectedException.class, rejected -> {
                    assertThat(rejected.errors()).containsEntry("number", "is not a valid card number")
                            .containsEntry("cvc", "must be 3 or 4 digits");
                    assertThat(rejected.getMessage()).isEqualTo("The card details are invalid");
                });
    }

    @Test
    void failingProviderIsUnavailable() {
        PROVIDER.failNext(1);

        assertThatThrownBy(() -> tokenizer.tokenize(new Card("4111111111111111", "12/30", "123", null), "r-1"))
                .isInstanceOf(PaymentProviderUnavailableException.class).hasMessageContaining("503");
    }

    @Test
    void unreachableProviderIsUnavailable() {
        HttpCardTokenizer nowhere = new HttpCardTokenizer(RestClient.builder(), URI.create("http://127.0.0.1:9"),
                Duration.ofSeconds(1));

        assertThatThrownBy(() -> nowhere.tokenize(new Card("4111111111111111", "12/30", "123", null), "r-1"))
                .isInstanceOf(PaymentProviderUnavailableException.class);
    }
}
