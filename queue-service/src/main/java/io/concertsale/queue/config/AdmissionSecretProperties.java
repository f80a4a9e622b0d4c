package io.concertsale.queue.config;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret that signs admission tokens ({@code sale.admission.token-secret}, environment
 * {@code SALE_ADMISSION_TOKEN_SECRET}), shared with the tickets service that verifies them. The secret is the UTF-8
 * bytes of the value, which must be at least 32 characters long.
 */
@ConfigurationProperties("sale.admission")
public record AdmissionSecretProperties(String tokenSecret) {

    public static final int MIN_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(AdmissionSecretProperties.class);

    /**
     * The secret's bytes; without a configured secret a random one, with a warning.
     *
     * @throws IllegalStateException when the configured secret is shorter than 32 characters
     */
    public byte[] secret() {
        if (tokenSecret == null || tokenSecret.isEmpty()) {
            log.warn("sale.admission.token-secret is not set: admission tokens are signed with a random secret and "
                    + "will only verify in a tickets-service given the same secret, so no admitted customer can buy. "
                    + "Set SALE_ADMISSION_TOKEN_SECRET to the same value (at least {} characters) in both services.",
                    MIN_LENGTH);
            byte[] random = new byte[MIN_LENGTH];
            new SecureRandom().nextBytes(random);
            return random;
        }
        if (tokenSecret.length() < MIN_LENGTH) {
            throw new IllegalStateException("sale.admission.token-secret (SALE_ADMISSION_TOKEN_SECRET) must be at "
                    + "least " + MIN_LENGTH + " characters; it has " + tokenSecret.length());
        }
        return tokenSecret.getBytes(StandardCharsets.UTF_8);
    }
}
