package io.concertsale.tickets.payment.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.tickets.payment.CancellationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Payments to cancel at the provider, in the {@code payment_cancellation} table: a row until the provider cancelled
 * the payment (or refused to for good); plain SQL that runs on H2 and PostgreSQL.
 */
@Repository
class JdbcCancellationStore implements CancellationStore {

    private final JdbcClient jdbc;

    JdbcCancellationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean want(String paymentId, String reason, Instant now) {
        return jdbc.sql("""
                        INSERT INTO payment_cancellation (payment_id, reason, attempts, next_attempt_at, created_at)
                        VALUES (:id, :reason, 0, :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", paymentId).param("reason", truncate(reason)).param("now", SqlTime.of(now))
                .update() == 1;
    }

    @Override
    public Optional<Cancellation> find(String paymentId) {
        return jdbc.sql("SELECT * FROM payment_cancellation WHERE payment_id = :id").param("id", paymentId)
                .query((rs, row) -> new Cancellation(rs.getString("payment_id"), rs.getString("reason"),
                        rs.getInt("attempts"), SqlTime.instant(rs, "next_attempt_at")))
                .optional();
    }

    @Override
    public List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT payment_id FROM payment_cancellation WHERE next_attempt_at <= :now
                        ORDER BY next_attempt_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param("now", SqlTime.of(now)).query(String.class).list();
    }

    @Override
    public boolean claim(String paymentId, int attempts, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE payment_cancellation SET attempts = attempts + 1, next_attempt_at = :until
                        WHERE payment_id = :id AND attempts = :attempts AND next_attempt_at <= :now""")
                .param("until", SqlTime.of(until)).param("now", SqlTime.of(now)).param("id", paymentId)
                .param("attempts", attempts).update() == 1;
    }

    @Override
    public void retryAt(String paymentId, Instant next, String error) {
        jdbc.sql("UPDATE payment_cancellation SET next_attempt_at = :next, last_error = :error WHERE payment_id = :id")
                .param("next", SqlTime.of(next)).param("error", truncate(error)).param("id", paymentId).update();
    }

    @Override
    public void done(String paymentId) {
        jdbc.sql("DELETE FROM payment_cancellation WHERE payment_id = :id").param("id", paymentId).update();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
