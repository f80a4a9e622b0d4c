package io.concertsale.eventkit.identity;

import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks the OIDC token of a request ({@code Authorization: Bearer}) and says who sent it: signature, issuer,
 * audience and expiry by the {@link JwtDecoder} (Spring Security's resource-server decoder), then the subject against
 * the senders this endpoint accepts.
 *
 * <p>A sender reuses its token for many requests until it renews it (the broker caches one per audience, the kubelet
 * renews a mounted token at 80% of its life), so a token verified once is remembered until it expires: the same bytes
 * carry the same signature, and only the clock can change the verdict. Every request still pays a map lookup only.
 */
public final class SenderVerifier {

    static final String CHALLENGE = "Bearer";
    private static final int REMEMBERED = 4096;

    private final JwtDecoder decoder;
    private final List<String> senders;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * @param senders subject patterns: exact, or a prefix ending in {@code *}; any subject when empty
     */
    public SenderVerifier(JwtDecoder decoder, List<String> senders, Clock clock) {
        this.decoder = decoder;
        this.senders = List.copyOf(senders);
        this.clock = clock;
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @return the sender's subject
     * @throws ProblemException 401 without a valid token, 403 for a subject that may not send here, 503 when the
     *         issuer's keys cannot be fetched (the sender retries)
     */
    public String verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("A delivery needs an OIDC token (Authorization: Bearer) issued for this service", null,
                    null);
        }
        String token = authorization.substring(7).trim();
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.expiresAt())) {
                return known.subject();
            }
            verified.remove(token);
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            throw unauthorized("The token is not valid here: " + e.getMessage(), "invalid_token", e);
        } catch (JwtException e) {
            throw new ProblemException(503, "identity-unavailable", "Sender identity unavailable",
                    "The issuer's keys cannot be fetched to check the token: " + e.getMessage(), 1, e);
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw unauthorized("The token names no subject", "invalid_token", null);
        }
        if (!allowed(subject)) {
            throw new ProblemException(403, "forbidden", "Forbidden",
                    "The sender " + subject + " may not deliver events here", 0, null);
        }
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= REMEMBERED) {
                verified.clear();
            }
            verified.put(token, new Verified(subject, jwt.getExpiresAt()));
        }
        return subject;
    }

    /** Whether a subject matches one of the sender patterns (exact, or a prefix ending in {@code *}). */
    boolean allowed(String subject) {
        if (senders.isEmpty()) {
            return true;
        }
        for (String sender : senders) {
            if (matches(sender, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Knative's subject pattern: exact, or a prefix when it ends in {@code *}. */
    public static boolean matches(String pattern, String subject) {
        return pattern.endsWith("*") ? subject.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(subject);
    }

    private static ProblemException unauthorized(String detail, String error, Throwable cause) {
        String challenge = error == null ? CHALLENGE : CHALLENGE + " error=\"" + error + "\"";
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, 0, challenge, cause);
    }

    private record Verified(String subject, Instant expiresAt) {
    }
}
