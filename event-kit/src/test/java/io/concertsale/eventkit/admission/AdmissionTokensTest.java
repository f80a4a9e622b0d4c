package io.concertsale.eventkit.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdmissionTokensTest {

    private static final byte[] SECRET = "an admission secret of 32+ chars!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-20T18:00:00Z");
    private static final Instant EXPIRY = NOW.plusSeconds(600);

    private static final String SALE = "sale-1";

    private final AdmissionTokens tokens = new AdmissionTokens(SECRET);

    @Test
    void tokenIssuedForASessionIsValidForThatSessionBeforeItsExpiry() {
        String token = tokens.issue("session-1", SALE, EXPIRY);

        assertThat(tokens.verify(token, "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.VALID);
        assertThat(tokens.verify(token, "session-1", SALE, EXPIRY.minusSeconds(1)).valid()).isTrue();
    }

    @Test
    void tokenIsExpiredFromItsExpiryOn() {
        String token = tokens.issue("session-1", SALE, EXPIRY);

        assertThat(tokens.verify(token, "session-1", SALE, EXPIRY)).isEqualTo(AdmissionTokens.Verdict.EXPIRED);
        assertThat(tokens.verify(token, "session-1", SALE, EXPIRY.plusSeconds(3600)).valid()).isFalse();
    }

    @Test
    void tokenOfAnotherSessionIsRefused() {
        String token = tokens.issue("session-1", SALE, EXPIRY);

        assertThat(tokens.verify(token, "session-2", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.OTHER_SESSION);
    }

    @Test
    void tokenIssuedInAnotherSaleIsRefused() {
        String token = tokens.issue("session-1", SALE, EXPIRY);

        assertThat(tokens.verify(token, "session-1", "sale-2", NOW)).isEqualTo(AdmissionTokens.Verdict.OTHER_SALE);
        assertThat(tokens.verify(token, "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.VALID);
    }

    @Test
    void tokenSignedWithAnotherSecretHasABadSignature() {
        AdmissionTokens other = new AdmissionTokens("another admission secret, 32+ chars".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(other.issue("session-1", SALE, EXPIRY), "session-1", SALE, NOW))
                .isEqualTo(AdmissionTokens.Verdict.BAD_SIGNATURE);
    }

    @Test
    void tamperedExpiryOrSessionBreaksTheSignature() {
        String[] parts = tokens.issue("session-1", SALE, EXPIRY).split("\\.");
        String laterExpiry = parts[0] + "." + parts[1] + "." + EXPIRY.plusSeconds(86_400).getEpochSecond() + "."
                + parts[3];
        String otherSession = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("session-2".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2] + "."
                + parts[3];
        String otherSale = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("sale-2".getBytes(StandardCharsets.UTF_8)) + "." + parts[2] + "." + parts[3];

        assertThat(tokens.verify(laterExpiry, "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.BAD_SIGNATURE);
        assertThat(tokens.verify(otherSession, "session-2", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.BAD_SIGNATURE);
        assertThat(tokens.verify(otherSale, "session-1", "sale-2", NOW)).isEqualTo(AdmissionTokens.Verdict.BAD_SIGNATURE);
    }

    @Test
    void malformedTokensAreRecognised() {
        assertThat(tokens.verify("not-a-token", "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.MALFORMED);
        assertThat(tokens.verify("a.b.c", "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.MALFORMED);
        assertThat(tokens.verify("c2Vzc2lvbi0x.c2FsZS0x.soon.AAAA", "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.MALFORMED);
        assertThat(tokens.verify("c2Vzc2lvbi0x.c2FsZS0x.1.not*base64", "session-1", SALE, NOW))
                .isEqualTo(AdmissionTokens.Verdict.MALFORMED);
    }

    @Test
    void missingTokenIsRecognised() {
        assertThat(tokens.verify(null, "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.MISSING);
        assertThat(tokens.verify(" ", "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.MISSING);
    }

    @Test
    void secretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> new AdmissionTokens("too short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new AdmissionTokens(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AdmissionTokens(new byte[32]).issue("s", SALE, EXPIRY)).isNotBlank();
    }

    @Test
    void theSameSecretVerifiesInAnotherInstanceAsInTheTicketsService() {
        AdmissionTokens tickets = new AdmissionTokens("an admission secret of 32+ chars!".getBytes(StandardCharsets.UTF_8));

        assertThat(tickets.verify(tokens.issue("session-1", SALE, EXPIRY), "session-1", SALE, NOW)).isEqualTo(AdmissionTokens.Verdict.VALID);
    }
}
