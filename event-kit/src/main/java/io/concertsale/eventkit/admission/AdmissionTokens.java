package io.concertsale.eventkit.admission;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admission token that {@code Queue.CustomerExited} carries and {@code Tickets.Requested} must present: the
 * session id, the sale it was issued in (the sale open when the queue admitted the customer) and an expiry, signed
 * with HMAC-SHA256 under a secret the queue and the tickets service share. Format:
 * {@code base64url(sessionId) "." base64url(saleId) "." expiryEpochSeconds "." base64url(hmac)}. A token of another
 * sale does not verify ({@link Verdict#OTHER_SALE}): once the operator opened a new sale, the previous sale's tokens
 * are worth nothing. That a token is used once is the tickets service's to keep (it knows what made a reservation).
 */
public final class AdmissionTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param secret at least 32 bytes of secret material */
    public AdmissionTokens(byte[] secret) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("The admission token secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    public String issue(String sessionId, String saleId, Instant expiresAt) {
        String payload = ENCODER.encodeToString(sessionId.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(saleId.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt.getEpochSecond();
        return payload + "." + ENCODER.encodeToString(sign(payload));
    }

    /** Checks the token: signed by us, for this session, issued in this sale, not expired. */
    public Verdict verify(String token, String sessionId, String saleId, Instant now) {
        if (token == null || token.isBlank()) {
            return Verdict.MISSING;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 4) {
            return Verdict.MALFORMED;
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] signature;
        String subject;
        String sale;
        long expiry;
        try {
            signature = DECODER.decode(parts[3]);
            subject = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
            sale = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8);
            expiry = Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Verdict.BAD_SIGNATURE;
        }
        if (!subject.equals(sessionId)) {
            return Verdict.OTHER_SESSION;
        }
        if (!sale.equals(saleId)) {
            return Verdict.OTHER_SALE;
        }
        if (!now.isBefore(Instant.ofEpochSecond(expiry))) {
            return Verdict.EXPIRED;
        }
        return Verdict.VALID;
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /**
     * The outcome of checking a token. {@code USED} is not this class's verdict: the tickets service gives it to a
     * valid token that already made a reservation.
     */
    public enum Verdict {
        VALID, MISSING, MALFORMED, BAD_SIGNATURE, OTHER_SESSION, OTHER_SALE, EXPIRED, USED;

        public boolean valid() {
            return this == VALID;
        }
    }
}
