package io.concertsale.tickets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.admission.AdmissionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketsConfigurationTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void configuredSecretVerifiesTokensSignedWithTheSameSecret() {
        AdmissionTokens queue = new AdmissionTokens(SECRET.getBytes(StandardCharsets.UTF_8));
        AdmissionTokens tickets = new AdmissionTokens(TicketsConfiguration.admissionSecret(SECRET));
        Instant now = Instant.now();

        assertThat(tickets.verify(queue.issue("s-1", "sale-1", now.plusSeconds(60)), "s-1", "sale-1", now))
                .isEqualTo(AdmissionTokens.Verdict.VALID);
    }

    @Test
    void secretShorterThan32CharactersIsRefused() {
        assertThatThrownBy(() -> TicketsConfiguration.admissionSecret("too-short"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 characters");
    }

    @Test
    void missingSecretIsReplacedByADifferentRandomOneEachTime() {
        byte[] first = TicketsConfiguration.admissionSecret(null);
        byte[] second = TicketsConfiguration.admissionSecret(" ");

        assertThat(first.length).isGreaterThanOrEqualTo(32);
        assertThat(second).isNotEqualTo(first);
    }
}
