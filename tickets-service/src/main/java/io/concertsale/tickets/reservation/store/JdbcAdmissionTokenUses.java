package io.concertsale.tickets.reservation.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.reservation.AdmissionTokenUses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The admission tokens that made a reservation, in the {@code admission_token_use} table (by their SHA-256, never the
 * token itself), so a token holds tickets once, across restarts.
 */
@Repository
class JdbcAdmissionTokenUses implements AdmissionTokenUses {

    private final JdbcClient jdbc;

    JdbcAdmissionTokenUses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean used(String token) {
        return jdbc.sql("SELECT COUNT(*) FROM admission_token_use WHERE token_sha256 = :token")
                .param("token", sha256(token)).query(Long.class).single() > 0;
    }

    @Override
    public boolean use(String token, String saleId, String sessionId, String reservationId, Instant at) {
        return jdbc.sql("""
                        INSERT INTO admission_token_use (token_sha256, sale_id, session_id, reservation_id, used_at)
                        VALUES (:token, :sale, :session, :reservation, :at)
                        ON CONFLICT DO NOTHING""")
                .param("token", sha256(token))
                .param("sale", saleId)
                .param("session", sessionId)
                .param("reservation", reservationId)
                .param("at", SqlTime.of(at))
                .update() == 1;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
