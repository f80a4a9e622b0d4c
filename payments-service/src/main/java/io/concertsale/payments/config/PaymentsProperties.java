package io.concertsale.payments.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The payment provider's settings ({@code payments.*}).
 *
 * @param apiKeys the Bearer keys accepted on the merchant endpoints; empty means none is needed (local development)
 * @param corsAllowedOrigins browser origins allowed to call the public endpoints (card tokenization, test cards)
 * @param authorizationDelay how long a card payment stays pending before it is authorized or declined
 * @param processor how the settlement of pending payments runs
 * @param moneyTransfer how payments by bank transfer work
 */
@ConfigurationProperties("payments")
public record PaymentsProperties(
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> corsAllowedOrigins,
        @DefaultValue("1500ms") Duration authorizationDelay,
        @DefaultValue Processor processor,
        @DefaultValue MoneyTransfer moneyTransfer) {

    public PaymentsProperties {
        apiKeys = apiKeys.stream().map(String::trim).filter(key -> !key.isEmpty()).toList();
        corsAllowedOrigins = corsAllowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        if (authorizationDelay.isNegative()) {
            throw new IllegalArgumentException("payments.authorization-delay must not be negative");
        }
    }

    /**
     * @param pollInterval how often the processor looks for payments that are due
     * @param batchSize payments settled per look
     */
    public record Processor(@DefaultValue("100ms") Duration pollInterval, @DefaultValue("100") int batchSize) {

        public Processor {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("payments.processor.poll-interval must be positive");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("payments.processor.batch-size must be at least 1");
            }
        }
    }

    /**
     * @param autoAcceptAfter a pending transfer is accepted by itself after this long; zero or negative turns that off
     *        and the transfer waits for {@code transfer-received}
     * @param dueAfter the deadline told to the customer, counted from the payment's creation
     * @param beneficiary the account holder the customer pays to
     * @param iban the account the customer pays to
     * @param bic the bank of that account
     */
    public record MoneyTransfer(
            @DefaultValue("10s") Duration autoAcceptAfter,
            @DefaultValue("24h") Duration dueAfter,
            @DefaultValue("Concert Sale Ltd") String beneficiary,
            @DefaultValue("GB33BUKB20201555555555") String iban,
            @DefaultValue("BUKBGB22") String bic) {

        /** Whether pending transfers are accepted by themselves after {@link #autoAcceptAfter()}. */
        public boolean autoAccepts() {
            return !autoAcceptAfter.isNegative() && !autoAcceptAfter.isZero();
        }
    }
}
