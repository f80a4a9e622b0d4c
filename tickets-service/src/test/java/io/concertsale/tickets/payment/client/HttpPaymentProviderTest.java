package io.concertsale.tickets.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.tickets.config.TicketsProperties;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.tickets.payment.PaymentOrder;
import io.concertsale.tickets.payment.PaymentProviderUnavailableException;
import io.concertsale.tickets.payment.PaymentRefusedException;
import io.concertsale.tickets.payment.PaymentStatus;
import io.concertsale.tickets.payment.ProviderPayment;
import io.concertsale.tickets.test.PaymentProviderStub;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** The provider's HTTP API as the client speaks it, against a real local HTTP server. */
class HttpPaymentProviderTest {

    static final PaymentOrder CARD = new PaymentOrder(PaymentMethod.CARD, "tok_visa", new BigDecimal("99.80"), "EUR",
            "res-1", "session-1", "2 x Standing");

    final PaymentProviderStub stub = new PaymentProviderStub();

    @AfterEach
    void stop() {
        stub.close();
    }

    HttpPaymentProvider provider(URI baseUrl, String apiKey, Duration readTimeout) {
        return new HttpPaymentProvider(RestClient.builder(), new TicketsProperties.Payments(baseUrl, apiKey,
                Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(10), Duration.ofSeconds(2), 50, 16,
                Duration.ofSeconds(1)));
    }

    HttpPaymentProvider provider() {
        return provider(stub.uri(), "merchant-key", Duration.ofSeconds(5));
    }

    @Test
    void createsThePaymentWithTheIdempotencyKeyAndTheMerchantsKey() {
        ProviderPayment payment = provider().create(CARD, "event-1");

        assertThat(payment.id()).startsWith("pay_");
        assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(payment.method()).isEqualTo(PaymentMethod.CARD);
        assertThat(payment.amount()).isEqualByComparingTo("99.80");
        assertThat(payment.moneyTransfer()).isNull();
        PaymentProviderStub.Recorded request = stub.creations("res-1").getFirst();
        assertThat(request.header("Authorization")).hasValue("Bearer merchant-key");
        assertThat(request.header("Idempotency-Key")).hasValue("event-1");
        assertThat(request.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(request.json().path("method").asString()).isEqualTo("CARD");
        assertThat(request.json().path("cardToken").asString()).isEqualTo("tok_visa");
        assertThat(request.json().path("amount").decimalValue()).isEqualByComparingTo("99.80");
        assertThat(request.json().path("currency").asString()).isEqualTo("EUR");
        assertThat(request.json().path("correlationKey").asString()).isEqualTo("session-1");
        assertThat(request.json().path("description").asString()).isEqualTo("2 x Standing");
    }

    @Test
    void askingAgainWithTheSameIdempotencyKeyAnswersTheSamePayment() {
        ProviderPayment first = provider().create(CARD, "event-1");
        ProviderPayment again = provider().create(CARD, "event-1");

        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void moneyTransferComesWithItsInstructions() {
        ProviderPayment payment = provider().create(new PaymentOrder(PaymentMethod.MONEY_TRANSFER, null,
                new BigDecimal("480.00"), "EUR", "res-2", "session-2", "4 x VIP"), "event-2");

        assertThat(payment.method()).isEqualTo(PaymentMethod.MONEY_TRANSFER);
        assertThat(payment.transferId()).startsWith("tr_");
        assertThat(payment.moneyTransfer().iban()).isNotBlank();
        assertThat(payment.moneyTransfer().amount()).isEqualByComparingTo("480.00");
        assertThat(stub.creations("res-2").getFirst().json().has("cardToken")).isFalse();
    }

    @Test
    void withoutAnApiKeyNoAuthorizationIsSent() {
        provider(stub.uri(), " ", Duration.ofSeconds(5)).create(CARD, "event-3");

        assertThat(stub.creations("res-1").getFirst().header("Authorization")).isEmpty();
    }

    @Test
    void refusalCarriesTheProblemDetail() {
        PaymentOrder unknownCard = new PaymentOrder(PaymentMethod.CARD, PaymentProviderStub.UNKNOWN_CARD,
                BigDecimal.ONE, "EUR", "res-3", "session-3", "1 x Standing");

        assertThatThrownBy(() -> provider().create(unknownCard, "event-4"))
                .isInstanceOfSatisfying(PaymentRefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(422);
                    assertThat(refused.reason()).isEqualTo("No card with token " + PaymentProviderStub.UNKNOWN_CARD);
                });
    }

    @Test
    void serverErrorMayBeRetried() {
        stub.failNext(1);

        assertThatThrownBy(() -> provider().create(CARD, "event-5"))
                .isInstanceOf(PaymentProviderUnavailableException.class).hasMessageContaining("503");
    }

    @Test
    void unreachableProviderMayBeRetried() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> provider(URI.create("http://127.0.0.1:" + closedPort), "k", Duration.ofSeconds(1))
                .create(CARD, "event-6")).isInstanceOf(PaymentProviderUnavailableException.class);
    }

    @Test
    void providerThatAnswersTooSlowlyMayBeRetried() {
        stub.delay(Duration.ofSeconds(2));

        assertThatThrownBy(() -> provider(stub.uri(), "k", Duration.ofMillis(200)).create(CARD, "event-7"))
                .isInstanceOf(PaymentProviderUnavailableException.class);
    }

    @Test
    void findsThePaymentAsTheProviderHasItAndNothingForAnUnknownOne() {
        ProviderPayment created = provider().create(CARD, "event-8");
        stub.decline(created.id(), "INSUFFICIENT_FUNDS");

        ProviderPayment found = provider().find(created.id()).orElseThrow();

        assertThat(found.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(found.declineReason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(found.reference()).isEqualTo("res-1");
        assertThat(provider().find("pay_unknown")).isEmpty();
    }

    @Test
    void cancelsAPaymentAndIsRefusedForAnUnknownOne() {
        ProviderPayment created = provider().create(CARD, "event-9");

        provider().cancel(created.id());

        assertThat(stub.payment(created.id()).status()).isEqualTo("CANCELLED");
        assertThatThrownBy(() -> provider().cancel("pay_unknown")).isInstanceOf(PaymentRefusedException.class);
    }
}
