package io.concertsale.queue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdmissionSecretPropertiesTest {

    @Test
    void theSecretIsTheUtf8BytesOfTheValue() {
        String value = "ünïcödé secret of at least 32 chars";

        assertThat(new AdmissionSecretProperties(value).secret()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecretShorterThan32CharactersIsRefused() {
        assertThatThrownBy(() -> new AdmissionSecretProperties("x".repeat(31)).secret())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void withoutASecretARandomOneIsUsed() {
        byte[] first = new AdmissionSecretProperties(null).secret();
        byte[] second = new AdmissionSecretProperties("").secret();

        assertThat(first).hasSize(32);
        assertThat(second).hasSize(32);
        assertThat(first).isNotEqualTo(second);
    }
}
